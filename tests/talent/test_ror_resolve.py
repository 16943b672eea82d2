"""ROR records loaded from a dump (idempotent, audited, linking organisations named exactly as
one record) and organisations resolved by ROR id, then by name, an acronym only in its
country."""

import io

import pytest

from graph.neo4j_store import Neo4jStore
from talent.audit.log import Action, Actor, AuditLog
from talent.organizations.register.load import load_dump
from talent.organizations.register.repository import RorRepository
from talent.organizations.resolve import (
    MatchedBy,
    ensure_organization,
    resolve_organization,
)
from talent.organizations.ror import RorMalformed
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.talent import ror_fixtures as f

ADMIN = Actor(id="test-admin", role="admin")


def _org(store: Neo4jStore, name: str, country: str = "VN", ror_id: str | None = None) -> str:
    item = OrganizationCreate(name=name, kind="university", country=country, ror_id=ror_id)
    return service.create(repo=ResourceRepository(store, ORGANIZATION), item=item, actor=ADMIN).id


def _load(store: Neo4jStore, data: bytes, name: str = "dump.zip"):  # type: ignore[no-untyped-def]
    return load_dump(
        store=store, stream=io.BytesIO(data), name=name, actor=ADMIN, max_bytes=1_000_000
    )


def test_loading_twice_changes_nothing_the_second_time(store: Neo4jStore) -> None:
    data = f.dump_zip([f.hust(), f.vast(), f.hue_v1(), f.hust()])
    first = _load(store, data)
    assert (first.read, first.created, first.updated, first.unchanged) == (3, 3, 0, 0)
    again = _load(store, data)
    assert (again.read, again.created, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert again.records == 3
    changed = f.hust()
    changed["names"].append({"lang": "en", "types": ["alias"], "value": "Bach Khoa Hanoi"})
    third = _load(store, f.dump_json([changed]))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 0)
    assert "bach khoa hanoi" in RorRepository(store).find(f.HUST).names_folded  # type: ignore[union-attr]
    events = AuditLog(store).page(before="", limit=10, action=Action.ROR_LOAD).items
    assert [e.details["records_created"] for e in events] == [0, 0, 3]
    assert events[-1].details["values"] == {"name": "dump.zip"}


def test_a_malformed_dump_writes_nothing(store: Neo4jStore) -> None:
    data = f.dump_json([f.hust(), f.vast()])[:-40]
    with pytest.raises(RorMalformed):
        _load(store, data)
    assert RorRepository(store).count() == 0


def test_an_organisation_named_as_exactly_one_record_gains_its_id(store: Neo4jStore) -> None:
    hust = _org(store, "Đại học Bách khoa Hà Nội")
    abroad = _org(store, "Hue University", country="FR")
    # A name two records in the country share names neither.
    shared = _org(store, "Trường Đại học Bách khoa")
    alias = {"lang": "vi", "types": ["alias"], "value": "Trường Đại học Bách khoa"}
    hust_record, hcmut = f.hust(), f.hcmut_abroad_acronym()
    hust_record["names"].append(alias)
    hcmut["names"].append(alias)
    result = _load(store, f.dump_zip([hust_record, f.hue_v1(), hcmut]))
    assert [(o.organization_id, o.ror_id) for o in result.linked] == [(hust, f.HUST)]
    orgs = ResourceRepository(store, ORGANIZATION)
    assert orgs.get(hust).ror_id == f.HUST
    assert orgs.get(abroad).ror_id is None
    assert orgs.get(shared).ror_id is None
    updates = AuditLog(store).page(before="", limit=10, action=Action.ORGANIZATION_UPDATE).items
    assert [(e.target, e.details["fields"]) for e in updates] == [(hust, ["ror_id"])]
    assert _load(store, f.dump_zip([hust_record])).linked == []


def test_by_ror_id_an_organisation_carrying_it_comes_first(store: Neo4jStore) -> None:
    _load(store, f.dump_zip([f.hust()]))
    held = _org(store, "Trường Đại học Bách khoa", ror_id=f.HUST)
    found = resolve_organization(
        store, name="whatever", ror_id=f"https://ror.org/{f.HUST}", country=None
    )
    assert found.matched_by is MatchedBy.ROR_ID
    assert found.organization is not None
    assert found.organization.id == held


def test_by_ror_id_a_record_proposes_the_organisation_in_vietnamese(store: Neo4jStore) -> None:
    _load(store, f.dump_zip([f.hust()]))
    found = resolve_organization(store, name="HUST", ror_id=f.HUST, country=None)
    assert found.matched_by is MatchedBy.ROR_RECORD
    assert found.organization is None
    assert found.proposed == OrganizationCreate(
        name="Đại học Bách khoa Hà Nội", kind="university", country="VN", ror_id=f.HUST
    )
    created = store.write(lambda tx: ensure_organization(tx, found, ADMIN))
    assert created is not None
    assert created.ror_id == f.HUST
    # A second import of the same id finds it, and creating again is not a second one.
    again = resolve_organization(store, name="HUST", ror_id=f.HUST, country=None)
    assert again.matched_by is MatchedBy.ROR_ID
    same = store.write(lambda tx: ensure_organization(tx, found, ADMIN))
    assert same is not None
    assert same.id == created.id
    assert ResourceRepository(store, ORGANIZATION).count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "Đại học Bách khoa Hà Nội",
        "dai hoc bach khoa ha noi",
        "HANOI UNIVERSITY OF SCIENCE AND TECHNOLOGY",
        "Hanoi Polytechnic",
    ],
)
def test_by_name_vietnamese_english_or_alias(store: Neo4jStore, name: str) -> None:
    _load(store, f.dump_zip([f.hust(), f.vast()]))
    found = resolve_organization(store, name=name, ror_id=None, country="VN")
    assert found.matched_by is MatchedBy.RECORD_NAME
    assert found.record is not None
    assert found.record.id == f.HUST


def test_an_organisation_in_use_is_found_by_name_before_the_records(store: Neo4jStore) -> None:
    _load(store, f.dump_zip([f.hue_v1()]))
    typed = _org(store, "Viện Toán học")
    found = resolve_organization(store, name="vien toan hoc", ror_id=None, country="VN")
    assert found.matched_by is MatchedBy.NAME
    assert found.organization is not None
    assert found.organization.id == typed
    # Typed in under its Vietnamese name without the id: the English name finds it.
    hue = _org(store, "Đại học Huế", ror_id=None)
    by_english = resolve_organization(store, name="University of Hue", ror_id=None, country=None)
    assert by_english.matched_by is MatchedBy.RECORD_NAME
    assert by_english.organization is not None
    assert by_english.organization.id == hue


def test_an_acronym_alone_needs_the_country(store: Neo4jStore) -> None:
    _load(store, f.dump_zip([f.hcmut_abroad_acronym(), f.hue_v1()]))
    without = resolve_organization(store, name="HCMUT", ror_id=None, country=None)
    assert without.matched_by is MatchedBy.NONE
    assert not without.found
    elsewhere = resolve_organization(store, name="HCMUT", ror_id=None, country="TH")
    assert elsewhere.matched_by is MatchedBy.NONE
    within = resolve_organization(store, name="hcmut", ror_id=None, country="vn")
    assert within.matched_by is MatchedBy.RECORD_ACRONYM
    assert within.record is not None
    assert within.record.id == f.HCMUT


def test_an_acronym_two_records_share_resolves_to_neither(store: Neo4jStore) -> None:
    _load(store, f.dump_zip([f.hust(), f.vast()]))
    found = resolve_organization(store, name="HUST", ror_id=None, country="VN")
    assert (found.matched_by, found.ambiguous) == (MatchedBy.NONE, 2)


def test_nothing_known_resolves_to_none(store: Neo4jStore) -> None:
    found = resolve_organization(
        store, name="Trường Đại học Tây Bắc", ror_id="0zzzzzz99", country="VN"
    )
    assert found.matched_by is MatchedBy.NONE
    assert store.write(lambda tx: ensure_organization(tx, found, ADMIN)) is None
