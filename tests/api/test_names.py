"""Names as people have them: a one-word name is stored and read back, a rename replaces its
parts, and invisible or lookalike characters neither reach what staff read nor hide a
duplicate."""

import httpx
import pytest

from talent.duplicates.scoring import DuplicateIndex, Profile, Verdict, distinct
from tests.api.test_experts import _count
from tests.factories import expert_body

API = "/api/v1"


def test_a_one_word_name_is_stored_and_every_read_and_list_answers(client: httpx.Client) -> None:
    before = _count(client)
    body = {"full_name": "Madonna", "country": "VN"}
    created = client.post(f"{API}/experts", json=body)
    assert created.status_code == 201, created.text
    read = client.get(f"{API}/experts/{created.json()['id']}")
    assert read.status_code == 200, read.text
    assert (read.json()["family_name"], read.json()["given_name"]) == (None, "Madonna")
    assert _count(client) == before + 1  # the list pages past it


def test_a_refused_expert_stores_nothing(client: httpx.Client) -> None:
    before = _count(client)
    refused = client.post(f"{API}/experts", json={"full_name": "\u200b\u00ad", "country": "VN"})
    assert refused.status_code == 422
    assert refused.json()["fields"].keys() == {"full_name"}
    assert _count(client) == before


def test_a_new_full_name_replaces_its_old_parts(client: httpx.Client) -> None:
    created = client.post(f"{API}/experts", json=expert_body(full_name="Nguyễn Văn Ánh")).json()
    renamed = client.patch(f"{API}/experts/{created['id']}", json={"full_name": "Trần Thị Hoa"})
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["family_name"], renamed.json()["given_name"]) == ("Trần", "Hoa")
    explicit = client.patch(
        f"{API}/experts/{created['id']}",
        json={"full_name": "Hoa Tran", "family_name": "Trần", "given_name": "Hoa"},
    )
    assert (explicit.json()["family_name"], explicit.json()["given_name"]) == ("Trần", "Hoa")


def test_direction_overrides_and_invisible_characters_are_not_stored(client: httpx.Client) -> None:
    spoofed = "\u202eNguy\u200bễn Văn\u00ad Bình\ufeff"
    created = client.post(f"{API}/experts", json=expert_body(full_name=spoofed))
    assert created.status_code == 201, created.text
    assert created.json()["full_name"] == "Nguyễn Văn Bình"
    assert created.json()["name_folded"] == "nguyen van binh"


def _profile(pid: str, name: str, email: str) -> Profile:
    return Profile(
        id=pid,
        full_name=name,
        emails=distinct({email}),
        birth_year=1979,
        organizations=distinct({"org-vast"}),
        skills=distinct({"quantum-computing", "photonics", "semiconductors"}),
    )


@pytest.mark.parametrize(
    "variant",
    [
        "Ph\u1ea1m H\u043e\u00e0ng L\u043eng",  # Cyrillic small o for Latin o
        "Ph\u03b1m Hoàng Long",  # Greek alpha, diacritic dropped
        "Ph\u200b\u1ea1m Hoàng Lo\u00adng",  # zero-width space, soft hyphen
        "\u202ePhạm Hoàng Long",  # right-to-left override
        "\uff30\uff48\u1ea1\uff4d \uff28\uff4f\u00e0\uff4e\uff47 \uff2c\uff4f\uff4e\uff47",  # full-width letters
    ],
)
def test_lookalike_and_invisible_variants_of_a_name_are_still_a_likely_duplicate(
    variant: str,
) -> None:
    index = DuplicateIndex([_profile("long", "Phạm Hoàng Long", "long@vast.vn")])
    found = index.find(_profile("new", variant, "p.h.long@gmail.com"))
    assert [(c.id, c.verdict) for c in found] == [("long", Verdict.LIKELY)]


def test_a_name_wholly_in_greek_keeps_its_letters() -> None:
    index = DuplicateIndex([_profile("long", "Phạm Hoàng Long", "long@vast.vn")])
    assert index.find(_profile("new", "Παπαδόπουλος Νίκος", "n@example.gr")) == []
