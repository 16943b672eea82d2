"""Every operation the app serves, called as each kind of caller over real HTTP, answers as
the access policy says; and the app refuses to start when its routes and the policy differ."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute

from api import access, policy
from api.app import create_app
from api.policy import POLICY, Caller, Entry, Rule, decide
from api.settings import get_settings
from api.store import prepare
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD, signed_in
from tests.conftest import ROOT
from tests.matching.helpers import expert, organization, work

API = "/api/v1"
CALLERS: dict[str, Caller] = {
    "anonymous": Caller.ANONYMOUS,
    "expert_owner": Caller.EXPERT,
    "expert_other": Caller.EXPERT,
    "lead_owner": Caller.PROGRAMME_LEAD,
    "lead_other": Caller.PROGRAMME_LEAD,
    "ministry": Caller.MINISTRY,
    "admin": Caller.ADMIN,
}
# Which of the callers owns the world's things under each rule.
OWNER_OF = {
    Rule.OWN_PROFILE: "expert_owner",
    Rule.OWN_WORK: "expert_owner",
    Rule.OWN_PROGRAMME: "lead_owner",
    Rule.OWN_ROLE: "lead_owner",
    Rule.OWN_RUN: "lead_owner",
    Rule.OWN_JOB: "lead_owner",
}
# Called on a thing made for the call: they delete or close what they are given (a logout, the
# caller's sessions).
DESTRUCTIVE = re.compile(r"/(withdraw|deactivate|logout)$")
# The pages have their own tests: a signed-out visitor is sent to log in, forms need a CSRF token.
OPERATIONS = [
    (route, key)
    for route, key in access.operations(create_app(get_settings()))
    if key[1].startswith(API)
]


@dataclass
class World:
    """Callers and things, each owned by the `_owner` callers: a profile, a work, a
    programme with a role, and a match job with its run."""

    base_url: str
    store: Neo4jStore
    clients: dict[str, httpx.Client]
    ids: dict[str, str]
    made: list[httpx.Client] = field(default_factory=list)

    def sign_in(self, role: Role, expert_id: str | None = None) -> httpx.Client:
        self.made.append(signed_in(self.base_url, self.store, role, expert_id=expert_id))
        return self.made[-1]


def _created(response: httpx.Response) -> str:
    assert response.status_code in {201, 202}, response.text
    return str(response.json()["id"])


def _programme_and_role(lead: httpx.Client) -> tuple[str, str]:
    programme = _created(lead.post(f"{API}/programmes", json={"name": "Bán dẫn quốc gia"}))
    body = {"programme_id": programme, "title": "Chief engineer"}
    return programme, _created(lead.post(f"{API}/roles", json=body))


def _import(admin: httpx.Client, expert_id: str) -> str:
    """An import of the expert's works (a DOI that resolves to nothing: it ends at once)."""
    body = {"identifiers": False, "dois": ["10.1000/nothing-here"]}
    return _created(admin.post(f"{API}/experts/{expert_id}/imports", json=body))


def _linked(admin: httpx.Client, expert_id: str) -> str:
    orcid = "0000-0002-1234-5677"
    body = {"scheme": "orcid", "value": orcid}
    linked = admin.put(f"{API}/experts/{expert_id}/identifiers", json=body)
    assert linked.status_code == 200, linked.text
    return orcid


def _account(store: Neo4jStore, n: str) -> str:
    item = AccountCreate(
        email=f"spare{n}@example.org", password=PASSWORD, role=Role.MINISTRY, name="spare"
    )
    return AccountRepository(store).create(item).id


@pytest.fixture(scope="module")
def world(base_url: str, session_store: Neo4jStore, worker: object) -> Iterator[World]:
    session_store.drop_all()
    prepare(session_store)
    w = World(base_url, session_store, {"anonymous": httpx.Client(base_url=base_url)}, {})
    admin = w.clients["admin"] = w.sign_in(Role.ADMIN)
    mine, other = expert(admin), expert(admin)
    w.clients["expert_owner"] = w.sign_in(Role.EXPERT, mine)
    w.clients["expert_other"] = w.sign_in(Role.EXPERT, other)
    for name in ("lead_owner", "lead_other"):
        w.clients[name] = w.sign_in(Role.PROGRAMME_LEAD)
    w.clients["ministry"] = w.sign_in(Role.MINISTRY)
    programme, role = _programme_and_role(w.clients["lead_owner"])
    job = admin.post(f"{API}/roles/{role}/match-jobs", json={"limit": 5})
    group = admin.get(f"{API}/taxonomy/groups").json()[0]["id"]
    w.ids = {
        "expert_id": mine,
        "organizations": organization(admin, "Viện Hàn lâm"),
        "works": work(admin, mine, "Edge AI accelerators"),
        "programmes": programme,
        "roles": role,
        "role_id": role,
        "job_id": _created(job),
        "run_id": job.json()["params"]["run_id"],
        "account_id": _account(session_store, "0"),
        "group_id": group,
        "skill_id": "machine-learning",
        "review_id": "no-such-review",
        "organization_id": "no-such-organization",
        "merge_id": "no-such-merge",
        # Each person's own, by the service: another's answers as one that does not exist.
        "saved_id": "no-such-saved-search",
        "proposal_id": "no-such-proposal",
        "list_id": "no-such-list",
        "import_id": _import(admin, mine),
        "scheme": "orcid",
        "value": _linked(admin, mine),
    }
    yield w
    for c in [w.clients["anonymous"], *w.made]:
        c.close()


def _fill(path: str, ids: dict[str, str]) -> str:
    plural = path.split("/")[3] if path.startswith(API) else ""
    return re.sub(r"\{(\w+)\}", lambda m: ids[plural if m[1] == "resource_id" else m[1]], path)


def _fresh(w: World, path: str, caller: str) -> tuple[dict[str, str], httpx.Client]:
    """A new thing of the path's kind, owned as the world's is, for a call that destroys it."""
    admin, lead = w.clients["admin"], w.clients["lead_owner"]
    ids, client = dict(w.ids), w.clients[caller]
    plural = path.split("/")[3]
    if path.endswith("/logout"):
        # A logout ends the caller's sessions: a new caller of the same kind makes it.
        role = Role(CALLERS[caller].value)
        profile = expert(admin) if role is Role.EXPERT else None
        client = w.sign_in(role, profile)
    elif "{expert_id}" in path:
        ids["expert_id"] = expert(admin)
        if caller == "expert_owner":
            client = w.sign_in(Role.EXPERT, ids["expert_id"])
        if "{value}" in path:
            ids["value"] = _linked(admin, ids["expert_id"])
    elif "{account_id}" in path:
        ids["account_id"] = _account(w.store, str(len(w.made)))
    elif plural == "organizations":
        ids[plural] = organization(admin, f"Viện {len(w.made)}")
    elif plural == "works":
        ids[plural] = work(admin, w.ids["expert_id"], "Quantum sensing")
    elif plural == "programmes":
        ids[plural] = _programme_and_role(lead)[0]
    elif plural == "roles":
        ids[plural] = _programme_and_role(lead)[1]
    return ids, client


def expected(entry: Entry, caller: str, method: str, path: str) -> str:
    """`allowed`, or the refusal the caller must get: 401, 403, or 404 for an owner of
    something else (as for an id that does not exist)."""
    verdict = decide(entry, CALLERS[caller])
    if verdict == "refused":
        return "401" if caller == "anonymous" else "403"
    if verdict == "allowed":
        return "allowed"
    owns = OWNER_OF[entry.rule] == caller
    if "{" in path:
        return "allowed" if owns else "404"
    # A new role names its programme in the body: only one the caller leads (the service's
    # check, on the validated body).
    if method == "POST" and entry.rule is Rule.OWN_ROLE:
        return "allowed" if owns else "403"
    return "allowed"


def _body(route: APIRoute, entry: Entry, path: str, ids: dict[str, str]) -> object:
    """A body no operation accepts (so an admitted call changes nothing, 422), except where
    the service decides on the body: a whole new role in the owners' programme (only its lead
    and admins may add it)."""
    if route.body_field is None:
        return None
    if entry.rule is Rule.OWN_ROLE and "{" not in path:
        return {"programme_id": ids["programmes"], "title": "Kỹ sư trưởng dự phòng"}
    return []


def _check(w: World, route: APIRoute, method: str, path: str, caller: str) -> str | None:
    entry = POLICY[method, path]
    want = expected(entry, caller, method, path)
    ids, client = w.ids, w.clients[caller]
    destructive = method == "DELETE" or DESTRUCTIVE.search(path)
    if destructive and want == "allowed":
        ids, client = _fresh(w, path, caller)
    body = _body(route, entry, path, ids)
    response = client.request(method, _fill(path, ids), json=body)
    got = response.status_code
    if want != "allowed":
        ok = str(got) == want
    else:
        owner = decide(entry, CALLERS[caller]) == "owner" and "{" in path
        ok = got < 500 and got not in {401, 403} and not (owner and got == 404)
        if ok and method == "GET" and "{" not in path and entry.rule is not Rule.NONE:
            target = ids[path.split("/")[3]]
            if not _lists_own_only(response, entry, caller, target):
                return f"{caller}: the list shows {target} where it should not, or hides it"
    return None if ok else f"{caller}: expected {want}, got {got} {response.text[:160]}"


def _lists_own_only(response: httpx.Response, entry: Entry, caller: str, target: str) -> bool:
    """A list shows an owner-only caller their own items, and an unrestricted one all."""
    shown = {item["id"] for item in response.json()["items"]}
    sees_all = decide(entry, CALLERS[caller]) == "allowed"
    return (target in shown) == (sees_all or OWNER_OF[entry.rule] == caller)


@pytest.mark.parametrize(
    ("route", "operation"), OPERATIONS, ids=[f"{m} {p}" for _, (m, p) in OPERATIONS]
)
def test_every_operation_answers_each_caller_as_the_policy_says(
    world: World, route: APIRoute, operation: tuple[str, str]
) -> None:
    method, path = operation
    assert operation in POLICY, f"{method} {path} has no access-policy entry"
    failures = [_check(world, route, method, path, caller) for caller in CALLERS]
    assert [f for f in failures if f] == []


def test_unknown_ids_answer_404_to_those_who_could_see_them_and_403_to_the_refused(
    world: World,
) -> None:
    lead, ministry, admin = (world.clients[n] for n in ("lead_owner", "ministry", "admin"))
    for client in (lead, admin):
        assert client.post(f"{API}/roles/no-such-role/matches", json={}).status_code == 404
        assert client.get(f"{API}/jobs/no-such-job").status_code == 404
        assert client.get(f"{API}/match-runs/no-such-run").status_code == 404
    assert ministry.post(f"{API}/roles/no-such-role/matches", json={}).status_code == 403
    assert ministry.get(f"{API}/jobs/no-such-job").status_code == 403
    owner = world.clients["expert_owner"]
    assert owner.get(f"{API}/works/no-such-work").status_code == 404
    assert owner.get(f"{API}/experts/no-such-expert").status_code == 404
    assert owner.get(f"{API}/programmes/no-such-programme").status_code == 403


def test_another_leads_role_and_a_missing_one_get_the_same_answer(world: World) -> None:
    rival = world.clients["lead_other"]
    theirs = rival.get(f"{API}/roles/{world.ids['roles']}/decisions")
    missing = rival.get(f"{API}/roles/no-such-role/decisions")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["detail"].replace(world.ids["roles"], "?") == missing.json()[
        "detail"
    ].replace("no-such-role", "?")


def test_the_app_refuses_to_start_with_a_route_the_policy_does_not_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unlisted = {k: v for k, v in POLICY.items() if k != ("GET", f"{API}/jobs/{{job_id}}")}
    monkeypatch.setattr(access, "POLICY", unlisted)
    with pytest.raises(access.PolicyMismatch, match=re.escape("/api/v1/jobs/{job_id}")):
        create_app(get_settings())


def test_the_app_refuses_to_start_with_a_policy_entry_that_names_no_route(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = {**POLICY, ("GET", f"{API}/no-such-route"): policy.allow()}
    monkeypatch.setattr(access, "POLICY", extra)
    with pytest.raises(access.PolicyMismatch, match="no-such-route"):
        create_app(get_settings())


def test_a_router_included_without_the_policy_check_stops_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(get_settings())
    router = APIRouter()
    router.get("/unchecked")(lambda: None)
    app.include_router(router)
    monkeypatch.setattr(access, "POLICY", {**POLICY, ("GET", "/unchecked"): policy.anyone()})
    with pytest.raises(access.PolicyMismatch, match=re.escape("ENFORCED [('GET', '/unchecked')]")):
        access.install(app)


def test_the_readme_table_of_who_may_call_what_is_the_policy() -> None:
    readme = (ROOT / "README.md").read_text()
    begin, end = "<!-- policy-table:begin -->\n", "\n<!-- policy-table:end -->"
    shown = readme[readme.index(begin) + len(begin) : readme.index(end)]
    assert shown == policy.markdown_table(), "put api.policy.markdown_table() in the README"


# However the media type is spelled, the body is parsed as JSON and the programme it names is
# checked: once decided on a second, case-sensitive reading of the raw bytes, "application/JSON"
# put a role into another lead's programme.
CONTENT_TYPES = [
    "application/json",
    "application/JSON",
    "Application/Json; charset=utf-8",
    "application/vnd.api+json",
    "APPLICATION/JSON ;charset=UTF-8",
]


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_lead_cannot_put_a_role_into_another_leads_programme_however_the_body_is_typed(
    world: World, content_type: str
) -> None:
    rival, owner = world.clients["lead_other"], world.clients["lead_owner"]
    theirs = world.ids["programmes"]

    def roles_in_theirs() -> list[str]:
        listed = owner.get(f"{API}/roles", params={"limit": 200}).json()["items"]
        return sorted(r["id"] for r in listed if r["programme_id"] == theirs)

    before = roles_in_theirs()
    _, own_role = _programme_and_role(rival)
    headers = {"content-type": content_type}
    body = f'{{"programme_id": "{theirs}", "title": "Kỹ sư trưởng"}}'.encode()
    created = rival.post(f"{API}/roles", content=body, headers=headers)
    moved = rival.patch(
        f"{API}/roles/{own_role}",
        content=f'{{"programme_id": "{theirs}"}}'.encode(),
        headers=headers,
    )
    # 403 naming the field, or 422 for a media type FastAPI does not read as JSON: never 2xx.
    assert created.status_code in {403, 422}, created.text
    assert moved.status_code in {403, 422}, moved.text
    if created.status_code == 403:
        assert "programme_id" in created.json()["fields"]
    assert roles_in_theirs() == before
    assert world.clients["admin"].get(f"{API}/roles/{own_role}").json()["programme_id"] != theirs


def test_a_lead_moves_a_role_between_two_programmes_they_lead(world: World) -> None:
    lead = world.sign_in(Role.PROGRAMME_LEAD)
    first, role = _programme_and_role(lead)
    second, _ = _programme_and_role(lead)
    moved = lead.patch(f"{API}/roles/{role}", json={"programme_id": second})
    assert moved.status_code == 200, moved.text
    assert moved.json()["programme_id"] == second != first
