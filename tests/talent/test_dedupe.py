"""Finding the same person: e-mail and ORCID settle it; names must agree once folded and be
supported by birth year, affiliations and skills; common names need more."""

import pytest

from talent.duplicates.scoring import DuplicateIndex, Profile, Verdict, distinct

ORG = "org-hust"
SKILLS = distinct({"machine-learning", "computer-vision", "speech-recognition", "nlp"})


def person(pid: str, name: str, **fields: object) -> Profile:
    values: dict[str, object] = {
        "emails": distinct({f"{pid}@example.org"}),
        "birth_year": 1985,
        "country": "VN",
        "organizations": distinct({ORG}),
        "skills": SKILLS,
    }
    values.update(fields)
    return Profile(id=pid, full_name=name, **values)  # type: ignore[arg-type]


@pytest.fixture
def index() -> DuplicateIndex:
    others = [
        person(
            f"other-{i}",
            name,
            birth_year=1960 + i,
            organizations=(),
            skills=distinct({"robotics"}),
        )
        for i, name in enumerate(
            ["Nguyễn Văn Bình", "Nguyễn Thị Hoa", "Nguyễn Văn Anh", "Trần Văn Ánh"]
        )
    ]
    return DuplicateIndex([person("anh", "Nguyễn Văn Ánh"), *others])


@pytest.mark.parametrize(
    "spelling", ["Nguyễn Văn Ánh", "nguyen van anh", "Anh Nguyen Van", "NGUYEN VAN ANH"]
)
def test_the_same_person_in_any_spelling_is_a_likely_duplicate(
    index: DuplicateIndex, spelling: str
) -> None:
    found = index.find(person("new", spelling, emails=distinct({"anh.nv@gmail.com"})))
    assert found[0].id == "anh"
    assert found[0].verdict is Verdict.LIKELY


def test_a_typo_with_supporting_evidence_is_still_found(index: DuplicateIndex) -> None:
    found = index.find(person("new", "Nguyen Van Ahn", emails=distinct({"x@y.org"})))
    assert [c.id for c in found if c.verdict is Verdict.LIKELY] == ["anh"]


def test_a_shared_email_or_orcid_settles_it_whatever_the_name(index: DuplicateIndex) -> None:
    by_email = index.find(
        Profile(id="new", full_name="A. Nguyen", emails=distinct({"anh@example.org"}))
    )
    assert (by_email[0].id, by_email[0].reasons) == ("anh", {"email": 1.0})
    orcid_index = DuplicateIndex([person("anh", "Nguyễn Văn Ánh", orcid="0000-0002-1825-0097")])
    by_orcid = orcid_index.find(
        Profile(id="new", full_name="Someone Else", orcid="0000-0002-1825-0097")
    )
    assert by_orcid[0].reasons == {"orcid": 1.0}


def test_sharing_only_a_common_family_name_is_not_a_duplicate(index: DuplicateIndex) -> None:
    found = index.find(person("new", "Nguyễn Minh Tuấn", emails=distinct({"t@x.org"})))
    assert found == []


def test_the_same_common_name_with_another_birth_year_is_someone_else(
    index: DuplicateIndex,
) -> None:
    found = index.find(
        person("new", "Nguyễn Văn Anh", emails=distinct({"t@x.org"}), birth_year=1990)
    )
    assert found == []


def test_a_matching_name_with_little_support_goes_to_review(index: DuplicateIndex) -> None:
    # Birth year, employer and country agree, but not one skill: a common name needs more.
    weak = person("new", "Nguyen Van Anh", emails=distinct({"t@x.org"}), skills=())
    found = index.find(weak)
    assert [(c.id, c.verdict) for c in found] == [("anh", Verdict.REVIEW)]


def test_a_profile_is_not_its_own_duplicate(index: DuplicateIndex) -> None:
    assert index.find(person("anh", "Nguyễn Văn Ánh")) == []


def test_a_batch_finds_for_each_what_it_finds_alone(index: DuplicateIndex) -> None:
    batch = [
        person("new-1", "Anh Nguyen Van", emails=distinct({"a1@x.org"})),
        person("new-2", "Nguyễn Minh Tuấn", emails=distinct({"t@x.org"})),
        person("new-3", "Nguyen Van Ahn", emails=distinct({"a3@x.org"})),
        # The same letters as "new-1" in another order: one rough comparison serves both.
        person("new-4", "Van Anh Nguyen", emails=distinct({"a4@x.org"})),
    ]
    found = index.find_many(batch)
    assert [[c.id for c in each if c.verdict is Verdict.LIKELY] for each in found] == [
        ["anh"],
        [],
        ["anh"],
        ["anh"],
    ]
    assert found == [index.find(each) for each in batch]
    assert index.find_many([]) == []


def test_a_profile_sharing_its_letters_with_a_removed_one_is_still_found() -> None:
    twins = DuplicateIndex([person("anh", "Nguyễn Văn Ánh"), person("anh-2", "Ánh Nguyễn Văn")])
    twins.remove("anh")
    found = twins.find(person("new", "Nguyen Van Anh", emails=distinct({"n@x.org"})))
    assert [c.id for c in found] == ["anh-2"]
    twins.remove("anh-2")
    assert twins.find(person("new", "Nguyen Van Anh", emails=distinct({"n@x.org"}))) == []


def test_keys_name_their_live_holder_until_it_is_removed() -> None:
    keyed = DuplicateIndex(
        [
            person(
                "binh",
                "Trần Văn Bình",
                emails=distinct({"binh@hust.edu.vn"}),
                orcid="0000-0002-1825-0097",
                external_id="DS-000042",
            )
        ]
    )
    assert keyed.holder("email", "binh@hust.edu.vn") == "binh"
    assert keyed.holder("orcid", "0000-0002-1825-0097") == "binh"
    assert keyed.holder("external_id", "DS-000042") == "binh"
    assert keyed.holder("external_id", "DS-000043") is None
    keyed.remove("binh")
    assert keyed.holder("email", "binh@hust.edu.vn") is None
    assert keyed.holder("external_id", "DS-000042") is None
