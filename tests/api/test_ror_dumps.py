"""ROR's register over HTTP: an admin loads a dump (a reload changes nothing; malformed JSON
422 naming where; over the import limit 413 naming it); only admins load; staff ask how a
name resolves and why."""

from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn, signed_in
from tests.conftest import serving
from tests.factories import expert_body
from tests.talent import ror_fixtures as f

API = "/api/v1"


def _upload(client: httpx.Client, data: bytes, name: str = "v2.8-ror-data.zip") -> httpx.Response:
    return client.post(
        f"{API}/ror/dumps", files={"file": (name, data, "application/zip")}, timeout=60
    )


def test_an_admin_loads_a_dump_and_a_reload_changes_nothing(client: httpx.Client) -> None:
    organization = client.post(
        f"{API}/organizations",
        json={"name": "Đại học Bách khoa Hà Nội", "kind": "university", "country": "VN"},
    ).json()
    data = f.dump_zip([f.hust(), f.vast(), f.hue_v1()])
    first = _upload(client, data)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["read"], body["created"], body["updated"], body["unchanged"]) == (3, 3, 0, 0)
    assert body["linked"] == [
        {
            "organization_id": organization["id"],
            "name": "Đại học Bách khoa Hà Nội",
            "ror_id": f.HUST,
        }
    ]
    again = _upload(client, data).json()
    assert (again["created"], again["updated"], again["unchanged"], again["linked"]) == (
        0,
        0,
        3,
        [],
    )
    linked = client.get(f"{API}/organizations/{organization['id']}").json()
    assert linked["ror_id"] == f.HUST


def test_malformed_json_is_refused_naming_where(client: httpx.Client) -> None:
    response = _upload(client, b'[{"id": "https://ror.org/04hb5qz12",}]', "ror.json")
    assert response.status_code == 422
    assert response.json()["error"] == "RorMalformed"
    assert response.json()["fields"]["file"].startswith("character 36: ")
    bomb = _upload(client, f.zip_bomb(30_000_000))
    assert bomb.status_code == 413
    assert bomb.json()["fields"] == {"file": "at most 20000000 bytes uncompressed"}


@pytest.fixture
def small_limit_url(store: Neo4jStore) -> Iterator[str]:
    values = {**get_settings().model_dump(), "import_max_bytes": 2048}
    with serving(create_app(Settings.model_validate(values), store)) as url:
        yield url


def test_a_file_over_the_import_limit_gets_413_naming_it(
    small_limit_url: str, store: Neo4jStore
) -> None:
    admin = signed_in(small_limit_url, store, Role.ADMIN)
    response = _upload(admin, f.dump_json([f.hust()] * 5), "ror.json")
    admin.close()
    assert response.status_code == 413
    assert response.json()["detail"] == "the file is larger than 2048 bytes"
    assert response.json()["fields"] == {"file": "at most 2048 bytes"}


def _as(role: Role, client: httpx.Client, as_role: SignIn) -> httpx.Client:
    """Signed in with `role`; an expert with a profile of their own."""
    if role is not Role.EXPERT:
        return as_role(role)
    body = expert_body(full_name="Phạm Thị Lan", orcid=None)
    profile = client.post(f"{API}/experts", json=body).json()["id"]
    return as_role(role, profile)


def test_only_admins_load_and_staff_who_write_organisations_resolve(
    client: httpx.Client, as_role: SignIn, anonymous: httpx.Client
) -> None:
    data = f.dump_zip([f.hust()])
    for role in (Role.EXPERT, Role.PROGRAMME_LEAD, Role.MINISTRY):
        assert _upload(_as(role, client, as_role), data).status_code == 403
    assert _upload(anonymous, data).status_code == 401
    assert _upload(client, data).status_code == 200
    query = {"name": "dai hoc bach khoa ha noi", "country": "VN"}
    ministry = as_role(Role.MINISTRY).get(f"{API}/ror/resolve", params=query)
    assert ministry.status_code == 200
    assert ministry.json() == {
        "matched_by": "record_name",
        "organization": None,
        "proposed": {
            "name": "Đại học Bách khoa Hà Nội",
            "kind": "university",
            "country": "VN",
            "ror_id": f.HUST,
            "website": None,
        },
        "ror_id": f.HUST,
        "ambiguous": 0,
    }
    for role in (Role.EXPERT, Role.PROGRAMME_LEAD):
        assert _as(role, client, as_role).get(f"{API}/ror/resolve", params=query).status_code == 403


def test_a_dump_larger_than_other_bodies_is_read_up_to_the_import_limit(
    client: httpx.Client,
) -> None:
    """Other requests stop at 1 MB (max_body_bytes); a dump is an upload, read up to
    import_max_bytes."""
    data = f.dump_json([f.hust()] * 1200)
    assert len(data) > 1_000_000
    response = _upload(client, data, "ror.json")
    assert response.status_code == 200, response.text
    assert (response.json()["read"], response.json()["created"]) == (1, 1)
