"""The side-by-side comparison of a possible duplicate pair: what is missing on one profile is
told apart from what neither has; works are compared by their titles (case, accents and
punctuation aside) and the shared titles listed; a profile with nothing confirmed beyond its
holder's word is unverified; each review names the people it is about."""

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Actor
from talent.core.types import Source
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import ExpertCreate, ExpertRead, Verification
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from talent.reviews.comparison import compare, people, profile, verification
from talent.reviews.queue import ReviewQueue

SEEDER = Actor(id="test-seed", role="admin")


def _admin(store: Neo4jStore) -> AccountRead:
    item = AccountCreate(
        email="cmp.admin@example.org", password="a long test password", role=Role.ADMIN, name="A"
    )
    return AccountRepository(store).create(item)


def _expert(store: Neo4jStore, name: str, **fields: object) -> ExpertRead:
    item = ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "nationality": "VN", **fields}
    )
    return service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)


def _work(store: Neo4jStore, author: str, title: str) -> None:
    item = WorkCreate(title=title, author_ids=[author])
    service.create(repo=ResourceRepository(store, WORK), item=item, actor=SEEDER)


def _review(store: Neo4jStore, newer: ExpertRead, older: ExpertRead) -> str:
    candidate = Candidate(id=older.id, score=0.8, verdict=Verdict.REVIEW, full_name="x")
    return ReviewQueue(store).add_duplicates(newer.id, [candidate])[0]


def test_an_orcid_neither_profile_has_is_not_missing_on_one(store: Neo4jStore) -> None:
    older = _expert(store, "Võ Thị Hoa")
    newer = _expert(store, "Vo Thi Hoa")
    comparison = compare(store, _admin(store), _review(store, newer, older))
    assert comparison.agrees["orcid"] is None
    assert comparison.missing["orcid"] == "both"
    assert comparison.missing["birth_year"] == "both"
    assert comparison.missing["works"] == "both"


def test_an_orcid_on_one_profile_only_is_missing_on_one(store: Neo4jStore) -> None:
    older = _expert(store, "Võ Thị Hoa", orcid="0000-0002-1825-0097", birth_year=1985)
    newer = _expert(store, "Vo Thi Hoa", birth_year=1985)
    comparison = compare(store, _admin(store), _review(store, newer, older))
    assert comparison.agrees["orcid"] is None
    assert comparison.missing["orcid"] == "one"
    assert comparison.agrees["birth_year"] is True
    assert "birth_year" not in comparison.missing


def test_works_are_compared_by_title_and_the_shared_titles_listed(store: Neo4jStore) -> None:
    older = _expert(store, "Đặng Văn Long")
    newer = _expert(store, "Dang Van Long")
    _work(store, older.id, "Học sâu cho ảnh y tế, tập 2")
    _work(store, older.id, "Mạng nơ-ron đồ thị")
    _work(store, newer.id, "hoc sau cho anh y te tap 2")
    _work(store, newer.id, "Thị giác máy tính")
    comparison = compare(store, _admin(store), _review(store, newer, older))
    assert comparison.agrees["works"] is True
    assert comparison.shared_titles == ["hoc sau cho anh y te tap 2 / Học sâu cho ảnh y tế, tập 2"]
    left, right = comparison.profiles
    assert {w.name_en for w in left.works if w.shared} == {"hoc sau cho anh y te tap 2"}
    assert {w.name_en for w in right.works if not w.shared} == {"Mạng nơ-ron đồ thị"}


def test_works_with_no_title_in_common_differ(store: Neo4jStore) -> None:
    older = _expert(store, "Đặng Văn Long")
    newer = _expert(store, "Dang Van Long")
    _work(store, older.id, "Mạng nơ-ron đồ thị")
    _work(store, newer.id, "Thị giác máy tính")
    comparison = compare(store, _admin(store), _review(store, newer, older))
    assert comparison.agrees["works"] is False
    assert comparison.shared_titles == []
    assert "works" not in comparison.missing


def test_a_profile_with_only_its_email_confirmed_is_unverified(store: Neo4jStore) -> None:
    admin = _admin(store)
    skills = [
        {"skill_id": "machine-learning", "level": 4},
        {"skill_id": "computer-vision", "level": 3},
    ]
    # As a registration leaves it once its address is confirmed: grade 1, claims self-declared.
    expert = _expert(store, "Bùi Thị Mai", skills=skills, verification_grade=1)
    assert verification(profile(store, admin, expert.id)) == "unverified"
    request = Verification(source=Source.MINISTRY_VERIFIED, skill_ids=["machine-learning"])
    ExpertService(store).verify(admin, expert.id, request)
    assert verification(profile(store, admin, expert.id)) == "partly"
    request = Verification(source=Source.MINISTRY_VERIFIED, skill_ids=["computer-vision"])
    ExpertService(store).verify(admin, expert.id, request)
    assert verification(profile(store, admin, expert.id)) == "verified"


def test_each_review_names_its_people(store: Neo4jStore) -> None:
    older = _expert(store, "Võ Thị Hoa")
    newer = _expert(store, "Vo Thi Hoa")
    duplicate = _review(store, newer, older)
    claimant = AccountRepository(store).create_pending(
        email="hoa.vo@example.org", name="Võ Hoa", expert_id=None, expires_at=None
    )
    claim = ReviewQueue(store).add_claim(older.id, claimant)
    reviews = [ReviewQueue(store).get(duplicate), ReviewQueue(store).get(claim)]
    assert people(store, reviews) == {
        duplicate: ["Vo Thi Hoa", "Võ Thị Hoa"],
        claim: ["Võ Thị Hoa", "Võ Hoa"],
    }
