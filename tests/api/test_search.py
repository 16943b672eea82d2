"""Expert search and skill resolution over real HTTP against the embedded graph."""

from typing import Any

import httpx
import pytest

from talent.accounts.models import Role
from talent.core.names import fold_name
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"
AI_GROUP = "qd21-2026:g01"
CHIP_GROUP = "qd21-2026:g06"


def _add(client: httpx.Client, name: str, **extra: Any) -> str:
    response = client.post(f"{API}/experts", json=expert_body(full_name=name, **extra))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def people(client: httpx.Client) -> dict[str, str]:
    ml = [{"skill_id": "machine-learning", "level": 4}]
    chips = [{"skill_id": "ic-design", "level": 5}]
    return {
        "anh": _add(client, "Nguyễn Văn Anh", skills=ml, country="US"),
        "binh": _add(client, "Nguyễn Văn Bình", skills=ml),
        "tran_anh": _add(client, "Trần Văn Anh", skills=chips, country="JP"),
        "anh_thu": _add(client, "Nguyễn Thị Anh Thư", skills=chips, orcid=None),
        "deep": _add(client, "Lê Học Sâu", skills=[{"skill_id": "deep-learning", "level": 3}]),
        "pending": _add(client, "Nguyễn Văn Anh", status="pending", orcid=None),
        "private": _add(
            client, "Nguyễn Văn Anh", consent={"match": False, "contact": False}, orcid=None
        ),
    }


def _search(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get(f"{API}/experts/search", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_three_spellings_of_a_name_find_the_same_expert_first(
    client: httpx.Client, people: dict[str, str]
) -> None:
    for q in ("Nguyen Van Anh", "nguyễn văn anh", "Anh Nguyen", "Nguyen Vn Anh", "nguy van an"):
        result = _search(client, q=q)
        assert result["items"][0]["expert_id"] == people["anh"], (q, result["items"][:2])
    # Pending and non-consenting profiles of the same name never appear.
    found = {i["expert_id"] for i in _search(client, q="Nguyen Van Anh")["items"]}
    assert people["pending"] not in found
    assert people["private"] not in found


def test_misspelled_and_vietnamese_skills_resolve_to_the_concept(
    anonymous: httpx.Client, store: object
) -> None:
    for text in ("machne lerning", "học máy", "Hoc may", "ML", "machine learning"):
        response = anonymous.get(f"{API}/skills/resolve", params={"text": text})
        assert response.status_code == 200
        assert response.json()["matches"][0]["skill_id"] == "machine-learning", text
    vague = anonymous.get(f"{API}/skills/resolve", params={"text": "machin lern system"}).json()
    assert vague["matches"] == [] or vague["matches"][0]["score"] < 1
    none = anonymous.get(f"{API}/skills/resolve", params={"text": "zzzz qqqq"}).json()
    assert none == {"text": "zzzz qqqq", "matches": [], "suggestions": []}


def test_skills_in_free_text_filter_with_narrower_skills_and_levels(
    client: httpx.Client, people: dict[str, str]
) -> None:
    found = _search(client, skills="machne lerning")
    assert found["skills"][0]["skill_id"] == "machine-learning"
    # Deep learning is narrower than machine learning: its expert qualifies too.
    assert {i["expert_id"] for i in found["items"]} == {
        people["anh"],
        people["binh"],
        people["deep"],
    }
    assert found["items"][0]["skills"] == [{"skill_id": "machine-learning", "level": 4}]
    strong = _search(client, skills="học máy", min_level=4)
    assert {i["expert_id"] for i in strong["items"]} == {people["anh"], people["binh"]}
    wrong = client.get(f"{API}/experts/search", params={"skills": "zzzz qqqq"})
    assert wrong.status_code == 422
    assert "skills[0]" in wrong.json()["fields"]


def test_facets_count_the_whole_result_and_sum_to_it(
    client: httpx.Client, people: dict[str, str]
) -> None:
    result = _search(client, limit=2)
    total = result["total"]
    assert total == 5
    assert sum(result["facets"]["residency"].values()) == total
    assert sum(result["facets"]["country"].values()) == total
    assert result["facets"]["group"] == {AI_GROUP: 3, CHIP_GROUP: 2}
    for group, count in result["facets"]["group"].items():
        assert _search(client, group=group)["total"] == count
    overseas = _search(client, residency="overseas")
    assert {i["expert_id"] for i in overseas["items"]} == {people["anh"], people["tran_anh"]}
    assert overseas["facets"]["residency"] == {"domestic": 0, "overseas": 2}
    # Pages follow each other without overlap.
    seen, cursor = [], None
    while True:
        page = _search(client, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [i["expert_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total
    other = client.get(f"{API}/experts/search", params={"q": "x", "cursor": result["next_cursor"]})
    assert other.status_code == 422


def test_search_shows_contacts_only_where_granted(
    client: httpx.Client, as_role: SignIn, people: dict[str, str]
) -> None:
    ministry = as_role(Role.MINISTRY)
    hits = ministry.get(f"{API}/experts/search", params={"q": "Nguyen Van Anh"}).json()["items"]
    assert all(hit["emails"] is None for hit in hits)
    assert "@example.org" not in ministry.get(f"{API}/experts/search").text
    admin_hits = _search(client, q="Nguyen Van Anh")["items"]
    assert admin_hits[0]["emails"] == ["anh.nguyen@example.org"]
    expert = as_role(Role.EXPERT, expert_id=people["binh"])
    assert expert.get(f"{API}/experts/search").status_code == 403


@pytest.fixture
def huongs(client: httpx.Client) -> dict[str, str]:
    """Nguyễn Thị Hương among namesakes and near names."""
    names = {
        "huong": "Nguyễn Thị Hương",
        "huong_accent": "Nguyễn Thị Hường",  # the same letters without diacritics
        "van_huong": "Nguyễn Văn Hương",
        "hong": "Nguyễn Thị Hồng",
        "hung": "Nguyễn Thị Hưng",
        "phuong": "Nguyễn Thị Phương",
        "tran": "Trần Thị Hương",
        "longer": "Nguyễn Thị Hương Giang",  # every word typed, and one more
    }
    return {
        key: _add(client, name, orcid=None, emails=[f"{key}@example.org"])
        for key, name in names.items()
    }


def test_a_name_in_either_order_with_or_without_diacritics_or_a_typo_finds_the_person(
    client: httpx.Client, huongs: dict[str, str]
) -> None:
    for q in (
        "Huong Nguyen",  # given name first, as abroad, middle name left out
        "Huong Thi Nguyen",  # given and middle name first, family name last
        "Thi Huong Nguyen",
        "Nguyen Thi Huong",
        "Hương Nguyễn Thị",
        "Nguyen Thi Huogn",  # two letters swapped
        "Nguyen Tih Huong",  # ... in a three-letter word, which a ratio of 80 misses
        "Huong Thi Ngyen",  # a letter missing, given name first
    ):
        found = [i["expert_id"] for i in _search(client, q=q)["items"]]
        assert huongs["huong"] in found[:3], (q, found)
        # Only the namesakes that share every word typed (in some order) may come before it.
        before = set(found[: found.index(huongs["huong"])])
        assert before <= {huongs["huong_accent"], huongs["van_huong"]}, (q, found)


def test_of_names_with_the_words_typed_the_one_in_that_order_comes_first(
    client: httpx.Client, huongs: dict[str, str]
) -> None:
    first = _search(client, q="Nguyen Thi Huong")["items"][:2]
    assert {i["expert_id"] for i in first} == {huongs["huong"], huongs["huong_accent"]}
    # Typed with diacritics, the person's own spelling; the other two only lack them.
    assert _search(client, q="Nguyễn Thị Hương")["items"][0]["expert_id"] in {
        huongs["huong"],
        huongs["huong_accent"],
    }
    # The typo of a three-letter word is no reason to drop the person or prefer another.
    assert _search(client, q="Nguyen Tih Huong")["items"][0]["expert_id"] in {
        huongs["huong"],
        huongs["huong_accent"],
    }


def test_a_word_typed_twice_needs_a_name_that_has_it_twice(client: httpx.Client) -> None:
    twice = _add(client, "Hoàng Tuấn Tuấn", orcid=None, emails=["twice@example.org"])
    for name in ("Hoàng Tuấn Quân", "Hoàng Quang Tuấn", "Nguyễn Hoàng Tuấn"):
        _add(client, name, orcid=None, emails=[f"{fold_name(name).replace(' ', '.')}@example.org"])
    for q in ("Tuan Tuan Hoang", "Hoang Tuan Tuan", "Tuan Tuan Hoagn"):
        assert _search(client, q=q)["items"][0]["expert_id"] == twice, q
