"""The organisations as admins keep them: listed with how many profiles name each; deleted
only while no profile names one (deleting would silently drop their affiliations)."""

import pytest

from graph.neo4j_store import Neo4jStore
from talent.audit.log import Actor
from talent.core.errors import Conflict, NotFound
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.organizations import service as organizations
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository

SEEDER = Actor(id="test-seed", role="admin")


def _org(store: Neo4jStore, name: str) -> str:
    item = OrganizationCreate(name=name, kind="university", country="VN")
    return service.create(repo=ResourceRepository(store, ORGANIZATION), item=item, actor=SEEDER).id


def test_an_organisation_a_profile_names_is_not_deleted(store: Neo4jStore) -> None:
    named, alone = _org(store, "Đại học Cần Thơ"), _org(store, "Viện Toán học")
    item = ExpertCreate.model_validate(
        {
            "full_name": "Lâm Văn Tài",
            "country": "VN",
            "nationality": "VN",
            "affiliations": [{"organization_id": named, "title": "Giảng viên"}],
        }
    )
    service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)
    listed, last = organizations.listed(store=store, after="", limit=10)
    assert {(i.organization.name, i.experts) for i in listed} == {
        ("Đại học Cần Thơ", 1),
        ("Viện Toán học", 0),
    }
    assert last is None
    with pytest.raises(Conflict) as refused:
        organizations.delete(store=store, actor=SEEDER, org_id=named)
    assert refused.value.fields == {"experts": "1"}
    assert ResourceRepository(store, ORGANIZATION).find(named) is not None
    organizations.delete(store=store, actor=SEEDER, org_id=alone)
    assert ResourceRepository(store, ORGANIZATION).find(alone) is None
    with pytest.raises(NotFound):
        organizations.delete(store=store, actor=SEEDER, org_id=alone)


def test_the_list_is_paged(store: Neo4jStore) -> None:
    for n in range(3):
        _org(store, f"Viện số {n}")
    first, last = organizations.listed(store=store, after="", limit=2)
    assert len(first) == 2
    assert last == first[-1].organization.id
    rest, end = organizations.listed(store=store, after=last, limit=2)
    assert len(rest) == 1
    assert end is None
