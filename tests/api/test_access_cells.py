"""The riskiest cells of the access policy, written out by hand and checked over HTTP: every
DELETE, every read of contact data, every write of consent or visibility. This file does not
import the policy (api/policy.py, api/web/policy.py): the expectations are restated here, so
a wrong entry there makes a cell here fail instead of moving the expectation with it."""

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import routing as fastapi_routing
from fastapi.routing import APIRoute

from api.app import create_app
from api.settings import get_settings
from api.store import prepare
from graph.neo4j_store import Neo4jStore
from graph.query import Query
from talent.accounts.models import Role
from talent.alerts.repository import AlertRepository
from tests.accounts import signed_in
from tests.factories import expert_body, organization_body

API = "/api/v1"
CALLERS = (
    "anonymous",
    "expert_owner",
    "expert_other",
    "lead_owner",
    "lead_other",
    "ministry",
    "admin",
)
_names = itertools.count(1)
FAMILY = ["Bùi", "Đinh", "Hà", "Kiều", "Lục", "Mai", "Ông", "Quách", "Tạ", "Từ", "Vi", "Yên"]
GIVEN = ["Thu Trang", "Minh Khôi", "Hải Đăng", "Bảo Ngọc", "Gia Huy", "Khánh Linh", "Quang Vinh"]


def admin_only(ok: int) -> dict[str, int]:
    """Admins alone: 401 to a signed-out caller, 403 to every other role (owners included)."""
    return {c: 401 if c == "anonymous" else ok if c == "admin" else 403 for c in CALLERS}


# --- DELETE: every one the API serves. ------------------------------------------------------
DELETES: dict[str, dict[str, int]] = {
    f"{API}/experts/{{expert_id}}": admin_only(204),
    f"{API}/organizations/{{resource_id}}": admin_only(204),
    f"{API}/works/{{resource_id}}": admin_only(204),
    # Forgetting an identifier linked to a profile: its expert, and admins for them.
    f"{API}/experts/{{expert_id}}/identifiers/{{scheme}}/{{value}}": {
        "anonymous": 401,
        "expert_owner": 204,
        "expert_other": 404,
        "lead_owner": 403,
        "lead_other": 403,
        "ministry": 403,
        "admin": 204,
    },
    f"{API}/programmes/{{resource_id}}": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 204,
        "lead_other": 404,
        "ministry": 403,
        "admin": 204,
    },
    f"{API}/roles/{{resource_id}}": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 204,
        "lead_other": 404,
        "ministry": 403,
        "admin": 204,
    },
    # Withdrawing a lead's decision (a restore): the role's lead and admins; it answers with
    # the decision withdrawn.
    f"{API}/roles/{{role_id}}/decisions/{{expert_id}}": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 200,
        "lead_other": 404,
        "ministry": 403,
        "admin": 200,
    },
    # Watches and saved searches are each person's own. A role's watch: its lead's (admins
    # stop their own); another lead's role is not theirs to know of.
    f"{API}/roles/{{role_id}}/watch": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 204,
        "lead_other": 404,
        "ministry": 403,
        "admin": 204,
    },
    # An expert's ask for roles that fit them: theirs (admins stop their own).
    f"{API}/experts/{{expert_id}}/role-alerts": {
        "anonymous": 401,
        "expert_owner": 204,
        "expert_other": 404,
        "lead_owner": 403,
        "lead_other": 403,
        "ministry": 403,
        "admin": 204,
    },
    # A ministry officer's watch of a technology group: theirs (admins stop their own).
    f"{API}/groups/{{group_id}}/watch": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 403,
        "lead_other": 403,
        "ministry": 204,
        "admin": 204,
    },
    # A lead's watch of their saved search: theirs alone, admins included.
    f"{API}/saved-searches/{{saved_id}}/watch": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 204,
        "lead_other": 404,
        "ministry": 404,
        "admin": 404,
    },
    # A lead's saved search: theirs alone, admins included.
    f"{API}/saved-searches/{{saved_id}}": {
        "anonymous": 401,
        "expert_owner": 403,
        "expert_other": 403,
        "lead_owner": 204,
        "lead_other": 404,
        "ministry": 404,
        "admin": 404,
    },
}

# --- Reads of contact data. -----------------------------------------------------------------
# The profile read: `emails`/`phone` what each caller is shown of a profile that shows its
# e-mails to staff and its phone to admins, with consent to be contacted.
PROFILE_READ: dict[str, tuple[int, bool, bool]] = {
    # caller: (status, e-mails shown, phone shown)
    "anonymous": (401, False, False),
    "expert_owner": (200, True, True),
    "expert_other": (404, False, False),
    "lead_owner": (200, True, False),
    "lead_other": (200, True, False),
    "ministry": (200, True, False),
    "admin": (200, True, True),
}
# The same profile without consent to be contacted: staff see no e-mail.
PROFILE_READ_NO_CONSENT: dict[str, tuple[int, bool, bool]] = {
    "anonymous": (401, False, False),
    "expert_owner": (200, True, True),
    "expert_other": (404, False, False),
    "lead_owner": (200, False, False),
    "lead_other": (200, False, False),
    "ministry": (200, False, False),
    "admin": (200, True, True),
}
STAFF_READ = {
    "anonymous": 401,
    "expert_owner": 403,
    "expert_other": 403,
    "lead_owner": 200,
    "lead_other": 200,
    "ministry": 200,
    "admin": 200,
}
CONTACT_LISTS: dict[str, dict[str, int]] = {
    f"{API}/experts": STAFF_READ,
    f"{API}/experts/search": STAFF_READ,
    f"{API}/experts/topic": STAFF_READ,
    f"{API}/experts/{{expert_id}}/similar": STAFF_READ,
    # Accounts carry their holders' e-mail addresses.
    f"{API}/accounts": admin_only(200),
}
# Pages that show a profile's contacts: signed out, sent to log in (303).
CONTACT_PAGES: dict[str, dict[str, int]] = {
    "/experts/{expert_id}": {
        "anonymous": 303,
        "expert_owner": 303,  # sent to /me, their own view
        "expert_other": 404,  # as for no such profile
        "lead_owner": 200,
        "lead_other": 200,
        "ministry": 200,
        "admin": 200,
    },
    # The admins' page of a profile (its claims, to verify).
    "/admin/experts/{expert_id}": {**admin_only(200), "ministry": 200, "anonymous": 303},
    "/me": {
        "anonymous": 303,
        "expert_owner": 200,
        "expert_other": 200,  # their own profile, not the owner's
        "lead_owner": 403,
        "lead_other": 403,
        "ministry": 403,
        "admin": 200,
    },
}

# --- Writes of consent and visibility. ------------------------------------------------------
OWNER_FIELD_WRITE = {
    "anonymous": 401,
    "expert_owner": 200,
    "expert_other": 404,
    "lead_owner": 403,
    "lead_other": 403,
    "ministry": 403,  # ministries edit profiles, but not the owner's choices
    "admin": 200,
}
OWNER_FIELD_PATCHES: dict[str, dict[str, Any]] = {
    "consent": {"consent": {"match": False, "contact": False}},
    "visibility": {"visibility": {"emails": "public", "phone": "public"}},
    "contacts": {"emails": ["chuyen.huong@example.org"], "phone": "+84911000111"},
}
ME_EDIT_PAGE = {"anonymous": 303, "lead_owner": 403, "ministry": 403}

OWNER_EMAIL = "chu.ho.so@example.org"
OWNER_PHONE = "+84912345678"


@dataclass
class World:
    base_url: str
    store: Neo4jStore
    clients: dict[str, httpx.Client] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    made: list[httpx.Client] = field(default_factory=list)

    def sign_in(self, role: Role, expert_id: str | None = None) -> httpx.Client:
        self.made.append(signed_in(self.base_url, self.store, role, expert_id=expert_id))
        return self.made[-1]

    @property
    def admin(self) -> httpx.Client:
        return self.clients["admin"]


def _name() -> str:
    n = next(_names)
    return f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]} {FAMILY[(n // 7) % len(FAMILY)]}"


def _profile(admin: httpx.Client, *, contact: bool, emails: list[str] | None = None) -> str:
    body = expert_body(
        full_name=_name(),
        orcid=None,
        emails=emails or [f"ho.so{next(_names)}@example.org"],
        phone=OWNER_PHONE,
        consent={"match": True, "contact": contact},
        visibility={"emails": "staff", "phone": "admins"},
    )
    response = admin.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _created(response: httpx.Response) -> str:
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


@pytest.fixture(scope="module")
def world(base_url: str, session_store: Neo4jStore, worker: object) -> Iterator[World]:
    session_store.drop_all()
    prepare(session_store)
    w = World(base_url, session_store)
    w.clients["anonymous"] = httpx.Client(base_url=base_url, timeout=30)
    admin = w.clients["admin"] = w.sign_in(Role.ADMIN)
    mine = _profile(admin, contact=True, emails=[OWNER_EMAIL])
    theirs = _profile(admin, contact=False)
    w.clients["expert_owner"] = w.sign_in(Role.EXPERT, mine)
    w.clients["expert_other"] = w.sign_in(Role.EXPERT, theirs)
    w.clients["lead_owner"] = w.sign_in(Role.PROGRAMME_LEAD)
    w.clients["lead_other"] = w.sign_in(Role.PROGRAMME_LEAD)
    w.clients["ministry"] = w.sign_in(Role.MINISTRY)
    w.ids = {"mine": mine, "theirs": theirs}
    yield w
    for c in [w.clients["anonymous"], *w.made]:
        c.close()


# --- The DELETE routes served are the ones written here. ------------------------------------


def test_the_delete_routes_served_are_exactly_the_ones_with_cells_here() -> None:
    app = create_app(get_settings())
    served = {
        context.path_format
        for context in fastapi_routing.iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and "DELETE" in (context.methods or ())
    }
    assert served == set(DELETES)


# A fresh thing for each DELETE cell, and who of the callers sends it: (path, client).
Target = Callable[[World, str], tuple[str, httpx.Client]]


def _fresh_expert(w: World, caller: str) -> tuple[str, httpx.Client]:
    expert_id = _profile(w.admin, contact=True)
    client = w.sign_in(Role.EXPERT, expert_id) if caller == "expert_owner" else w.clients[caller]
    return f"{API}/experts/{expert_id}", client


def _fresh_organization(w: World, caller: str) -> tuple[str, httpx.Client]:
    body = organization_body(name=f"Viện {_name()}")
    return f"{API}/organizations/{_created(w.admin.post(f'{API}/organizations', json=body))}", (
        w.clients[caller]
    )


def _fresh_work(w: World, caller: str) -> tuple[str, httpx.Client]:
    """A work the owner expert authored: authorship does not let them delete it."""
    body = {"title": "Cảm biến lượng tử", "kind": "publication", "author_ids": [w.ids["mine"]]}
    return f"{API}/works/{_created(w.admin.post(f'{API}/works', json=body))}", w.clients[caller]


def _programme(w: World) -> str:
    lead = w.clients["lead_owner"]
    return _created(lead.post(f"{API}/programmes", json={"name": f"Chương trình {_name()}"}))


def _fresh_programme(w: World, caller: str) -> tuple[str, httpx.Client]:
    return f"{API}/programmes/{_programme(w)}", w.clients[caller]


def _fresh_role(w: World, caller: str) -> tuple[str, httpx.Client]:
    body = {"programme_id": _programme(w), "title": "Tổng công trình sư"}
    role = _created(w.clients["lead_owner"].post(f"{API}/roles", json=body))
    return f"{API}/roles/{role}", w.clients[caller]


def _fresh_decision(w: World, caller: str) -> tuple[str, httpx.Client]:
    role_id, _ = _fresh_role(w, caller)
    role_id = role_id.rsplit("/", 1)[1]
    expert_id = _profile(w.admin, contact=False)
    body = {"expert_id": expert_id, "reason": "Dẫn dắt nhóm thiết kế chip"}
    decided = w.clients["lead_owner"].post(f"{API}/roles/{role_id}/shortlist", json=body)
    assert decided.status_code in (200, 201), decided.text
    return f"{API}/roles/{role_id}/decisions/{expert_id}", w.clients[caller]


def _fresh_identifier(w: World, caller: str) -> tuple[str, httpx.Client]:
    path, client = _fresh_expert(w, caller)
    orcid = "0000-0002-1234-5677"
    linked = w.admin.put(f"{path}/identifiers", json={"scheme": "orcid", "value": orcid})
    assert linked.status_code == 200, linked.text
    return f"{path}/identifiers/orcid/{orcid}", client


def _fresh_watch(w: World, caller: str) -> tuple[str, httpx.Client]:
    """The role's watch of the caller where they may watch it (its lead, an admin), else of
    its lead."""
    role_id = _fresh_role(w, caller)[0].rsplit("/", 1)[1]
    watcher = w.clients[caller if caller in ("lead_owner", "admin") else "lead_owner"]
    assert watcher.put(f"{API}/roles/{role_id}/watch", json={}).status_code == 200
    return f"{API}/roles/{role_id}/watch", w.clients[caller]


def _fresh_role_alerts(w: World, caller: str) -> tuple[str, httpx.Client]:
    """An expert's ask for roles, theirs (or an admin's, for an admin's call)."""
    path, owner = _fresh_expert(w, "expert_owner")
    asker = w.admin if caller == "admin" else owner
    assert asker.put(f"{path}/role-alerts", json={}).status_code == 200
    client = owner if caller == "expert_owner" else w.clients[caller]
    return f"{path}/role-alerts", client


def _fresh_saved_search(w: World, caller: str) -> tuple[str, httpx.Client]:
    body = {"name": "Vi mạch", "search": {"q": "Nguyễn"}}
    saved = _created(w.clients["lead_owner"].post(f"{API}/saved-searches", json=body))
    return f"{API}/saved-searches/{saved}", w.clients[caller]


def _fresh_group_watch(w: World, caller: str) -> tuple[str, httpx.Client]:
    """A group's watch of the caller where they may watch it (ministry, admin), else of the
    ministry officer."""
    groups = w.admin.get(f"{API}/insights/capability-map")
    assert groups.status_code == 200, groups.text
    group = groups.json()[0]["group"]
    watcher = w.clients[caller if caller in ("ministry", "admin") else "ministry"]
    assert watcher.put(f"{API}/groups/{group}/watch").status_code == 200
    return f"{API}/groups/{group}/watch", w.clients[caller]


def _fresh_search_watch(w: World, caller: str) -> tuple[str, httpx.Client]:
    path, client = _fresh_saved_search(w, caller)
    assert w.clients["lead_owner"].put(f"{path}/watch", json={}).status_code == 200
    return f"{path}/watch", client


def _owned_still_there(w: World, path: str) -> bool:
    """Whether the watch or saved search the path names is still in the graph (whoever's)."""
    if path.endswith(("/watch", "/role-alerts")):
        target = path.rsplit("/", 2)[1]
        return any(watch.target == target for watch, _ in AlertRepository(w.store).all_watches())
    saved_id = path.rsplit("/", 1)[1]
    found = w.store.run(Query("MATCH (s:SavedSearch {id: $id}) RETURN s.id", {"id": saved_id}))
    return bool(found)


def _still_there(w: World, path: str) -> bool:
    if path.endswith(("/watch", "/role-alerts")) or "/saved-searches/" in path:
        return _owned_still_there(w, path)
    if "/identifiers/" in path:
        listed, value = path.split("/identifiers/", 1)
        found = w.admin.get(f"{listed}/identifiers")
        assert found.status_code == 200, found.text
        return value.rsplit("/", 1)[1] in found.text
    if "/decisions/" in path:
        role_path, expert_id = path.rsplit("/decisions/", 1)
        decided = w.admin.get(f"{role_path}/decisions")
        assert decided.status_code == 200, decided.text
        return expert_id in decided.text
    return w.admin.get(path).status_code == 200


TARGETS: dict[str, Target] = {
    f"{API}/experts/{{expert_id}}": _fresh_expert,
    f"{API}/organizations/{{resource_id}}": _fresh_organization,
    f"{API}/works/{{resource_id}}": _fresh_work,
    f"{API}/programmes/{{resource_id}}": _fresh_programme,
    f"{API}/roles/{{resource_id}}": _fresh_role,
    f"{API}/roles/{{role_id}}/decisions/{{expert_id}}": _fresh_decision,
    f"{API}/experts/{{expert_id}}/identifiers/{{scheme}}/{{value}}": _fresh_identifier,
    f"{API}/roles/{{role_id}}/watch": _fresh_watch,
    f"{API}/experts/{{expert_id}}/role-alerts": _fresh_role_alerts,
    f"{API}/saved-searches/{{saved_id}}": _fresh_saved_search,
    f"{API}/groups/{{group_id}}/watch": _fresh_group_watch,
    f"{API}/saved-searches/{{saved_id}}/watch": _fresh_search_watch,
}
DELETE_CELLS = [
    (path, caller, want) for path, row in DELETES.items() for caller, want in row.items()
]


@pytest.mark.parametrize(
    ("route", "caller", "want"),
    DELETE_CELLS,
    ids=[f"DELETE {p.removeprefix(API)} as {c}" for p, c, _ in DELETE_CELLS],
)
def test_each_delete_answers_each_caller_as_written_here(
    world: World, route: str, caller: str, want: int
) -> None:
    assert set(DELETES[route]) == set(CALLERS)
    path, client = TARGETS[route](world, caller)
    response = client.delete(path)
    assert response.status_code == want, response.text
    # Deleted only when admitted; a refused delete leaves the thing as it was.
    assert _still_there(world, path) is (want not in (200, 204))


# --- Reads of contact data. -----------------------------------------------------------------


def _shown(body: dict[str, Any]) -> tuple[bool, bool]:
    return bool(body.get("emails")), bool(body.get("phone"))


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("profile", "cells"),
    [("mine", PROFILE_READ), ("theirs", PROFILE_READ_NO_CONSENT)],
    ids=["with-contact-consent", "without-contact-consent"],
)
def test_a_profile_shows_its_contacts_to_each_caller_as_written_here(
    world: World, profile: str, cells: dict[str, tuple[int, bool, bool]], caller: str
) -> None:
    # The "other" expert owns the profile without consent: for it, the owners swap places.
    who = caller
    if profile == "theirs" and caller in ("expert_owner", "expert_other"):
        who = "expert_other" if caller == "expert_owner" else "expert_owner"
    status, emails, phone = cells[caller]
    response = world.clients[who].get(f"{API}/experts/{world.ids[profile]}")
    assert response.status_code == status, response.text
    if status == 200:
        assert _shown(response.json()) == (emails, phone), response.json()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("path", list(CONTACT_LISTS))
def test_lists_that_carry_contacts_answer_each_caller_as_written_here(
    world: World, path: str, caller: str
) -> None:
    asked = {"/search": {"q": "Thu Trang"}, "/topic": {"q": "quantum sensing"}}
    params = next((q for end, q in asked.items() if path.endswith(end)), {})
    filled = path.replace("{expert_id}", world.ids["mine"])
    response = world.clients[caller].get(filled, params=params)
    assert response.status_code == CONTACT_LISTS[path][caller], response.text


@pytest.mark.parametrize("caller", ["lead_owner", "ministry", "admin"])
def test_the_profile_list_masks_contacts_as_the_profile_read_does(
    world: World, caller: str
) -> None:
    items = world.clients[caller].get(f"{API}/experts", params={"limit": 100}).json()["items"]
    by_id = {item["id"]: item for item in items}
    assert _shown(by_id[world.ids["mine"]]) == PROFILE_READ[caller][1:]
    assert _shown(by_id[world.ids["theirs"]]) == PROFILE_READ_NO_CONSENT[caller][1:]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("page", list(CONTACT_PAGES))
def test_pages_that_show_contacts_answer_each_caller_as_written_here(
    world: World, page: str, caller: str
) -> None:
    path = page.replace("{expert_id}", world.ids["mine"])
    response = world.clients[caller].get(path, follow_redirects=False)
    want = CONTACT_PAGES[page][caller]
    assert response.status_code == want, response.text[:300]
    if want == 303:
        where = "/me" if caller == "expert_owner" else "/login?next="
        assert response.headers["location"].startswith(where)
    if want == 200 and page == "/experts/{expert_id}":
        # Staff: the e-mail the owner shows them with consent; the phone, admins only.
        assert OWNER_EMAIL in response.text
        assert (OWNER_PHONE in response.text) == (caller == "admin")


# --- Writes of consent and visibility. ------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("write", list(OWNER_FIELD_PATCHES))
def test_only_the_owner_and_admins_write_consent_visibility_and_contacts(
    world: World, write: str, caller: str
) -> None:
    expert_id = _profile(world.admin, contact=True)
    client = (
        world.sign_in(Role.EXPERT, expert_id) if caller == "expert_owner" else world.clients[caller]
    )
    before = world.admin.get(f"{API}/experts/{expert_id}").json()
    patch = OWNER_FIELD_PATCHES[write]
    response = client.patch(f"{API}/experts/{expert_id}", json=patch)
    want = OWNER_FIELD_WRITE[caller]
    assert response.status_code == want, response.text
    after = world.admin.get(f"{API}/experts/{expert_id}").json()
    for name, value in patch.items():
        if want == 200:
            now = after[name]
            assert {k: now[k] for k in value} == value if isinstance(value, dict) else now == value
        else:
            assert after[name] == before[name]
    assert after["version"] == before["version"] + (1 if want == 200 else 0)


@pytest.mark.parametrize("caller", list(ME_EDIT_PAGE))
def test_the_profile_form_that_writes_consent_refuses_all_but_experts(
    world: World, caller: str
) -> None:
    before = world.admin.get(f"{API}/experts/{world.ids['mine']}").json()
    response = world.clients[caller].post(
        "/me/edit", data={"consent_match": "", "full_name": "Kẻ lạ"}, follow_redirects=False
    )
    assert response.status_code == ME_EDIT_PAGE[caller], response.text[:300]
    after = world.admin.get(f"{API}/experts/{world.ids['mine']}").json()
    assert after["version"] == before["version"]
