"""Every page form refuses a request that does not echo the CSRF cookie: no token and no cookie,
the cookie without the token, a token that is not the cookie's, a token that is not ASCII. The
forms are read from the app itself, so a new one is covered without touching this file; each
is sent by a caller the access policy admits (so the refusal is the CSRF check's, named on the
page), and the graph is the same after the refused request as before it."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import routing as fastapi_routing
from fastapi.routing import APIRoute

from api.app import create_app
from api.settings import get_settings
from api.store import prepare
from graph import Query
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD, signed_in
from tests.matching.helpers import API, expert, work

SESSION_COOKIE = "talent_session"
CSRF_COOKIE = "talent_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE = {"GET", "HEAD", "OPTIONS"}
# The CSRF refusal's own words on the error page (Vietnamese, the default language): an
# access refusal says something else, so a 403 from the policy does not pass for this one.
CSRF_REFUSAL = "Biểu mẫu đã hết hạn"
# Written by hand: the enumeration below must find at least these many page forms, and these
# ones by name, so a broken enumeration (none found, or /me/* missed) fails.
MINIMUM_FORMS = 26
MUST_INCLUDE = {
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/register"),
    ("POST", "/me/edit"),
    ("POST", "/me/confirm"),
    ("POST", "/me/withdraw"),
    ("POST", "/me/works"),
    ("POST", "/me/works/{resource_id}"),
    ("POST", "/admin/accounts"),
    ("POST", "/admin/experts/{expert_id}/verifications"),
    ("POST", "/programmes"),
    ("POST", "/roles/{role_id}/edit"),
    ("POST", "/pipeline/{expert_id}/move"),
}


def page_forms() -> list[tuple[str, str]]:
    """Every (method, path) the app serves outside /api that changes something."""
    app = create_app(get_settings())
    found: set[tuple[str, str]] = set()
    for context in fastapi_routing.iter_route_contexts(app.routes):
        path = context.path_format
        if not isinstance(context.original_route, APIRoute) or path is None:
            continue
        if path.startswith("/api") or path == "/health":
            continue
        found |= {(method, path) for method in context.methods or () if method not in SAFE}
    return sorted(found)


FORMS = page_forms()

# Who sends each form: a caller the policy admits, by path (exact, then prefix). A form under
# a new prefix has no caller here and fails, naming itself, until one is added.
PUBLIC = {
    "/login",
    "/register",
    "/register/resend",
    "/confirm",
    "/claim",
    "/password/forgot",
    "/password/reset",
    "/skills/propose",
}
BY_PREFIX = [
    ("/logout", "expert"),  # a signed-in person, whose session a forged logout would end
    ("/me", "expert"),
    ("/account/", "expert"),  # one's own password: whoever is signed in
    ("/admin/", "admin"),
    ("/programmes", "lead"),
    ("/roles/", "lead"),
    ("/pipeline/", "ministry"),
    ("/kpi/", "ministry"),
    ("/experts/", "ministry"),
    ("/works/", "ministry"),
    ("/expert-lists", "ministry"),
    ("/assignments", "ministry"),
    ("/alerts/", "lead"),  # one's own alerts: whoever is signed in
    ("/searches", "ministry"),
    ("/groups/", "ministry"),
]

# Bodies that the form would act on, were the token not checked: the refusal must keep them
# from doing anything. Other forms get a body of their usual shape or a placeholder.
BODIES: dict[str, dict[str, str]] = {
    "/login": {"email": "csrf.victim@example.org", "password": PASSWORD, "next": "/"},
    "/me/withdraw": {"understood": "on"},
    "/account/password": {
        "current_password": PASSWORD,
        "password": "a forged new passphrase",
        "password_again": "a forged new passphrase",
    },
    "/me/works": {"title": "Bài báo giả mạo", "kind": "publication"},
    "/me/works/{resource_id}": {"title": "Tiêu đề giả mạo", "kind": "publication"},
    "/experts/new": {"full_name": "Chuyên gia giả mạo", "country": "VN"},
    "/experts/{expert_id}/works/new": {"title": "Công trình giả mạo", "kind": "patent"},
    "/works/{resource_id}/edit": {"title": "Tiêu đề giả mạo", "kind": "publication"},
    "/admin/accounts": {
        "role": "admin",
        "name": "Kẻ giả mạo",
        "email": "forged.admin@example.org",
        "password": "a forged admin passphrase",
    },
    "/admin/experts/{expert_id}/verifications": {"source": "ministry_verified"},
    "/admin/reminders": {"confirm": "yes"},
    "/programmes": {"name": "Chương trình giả mạo"},
    "/programmes/{resource_id}/roles": {"title": "Vai trò giả mạo"},
    "/roles/{role_id}/edit": {"title": "Đổi tên giả mạo", "action": "save"},
    "/roles/{role_id}/jobs": {"limit": "5"},
    "/pipeline/{expert_id}/move": {"stage": "contacted"},
    "/password/forgot": {"email": "csrf.victim@example.org"},
    "/register/resend": {"email": "csrf.victim@example.org"},
}
FILLER = {"note": "gửi từ trang khác"}


@dataclass
class World:
    base_url: str
    store: Neo4jStore
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    made: list[httpx.Client] = field(default_factory=list)


def _token(client: httpx.Client) -> str:
    return client.headers["authorization"].removeprefix("Bearer ")


@pytest.fixture(scope="module")
def world(base_url: str, session_store: Neo4jStore, worker: object) -> Iterator[World]:
    """An expert with a profile and a work, a lead with a programme, a role and a match job,
    ministry staff, an admin and a spare account, each signed in with a page session."""
    session_store.drop_all()
    prepare(session_store)
    w = World(base_url, session_store)
    admin = signed_in(base_url, session_store, Role.ADMIN)
    lead = signed_in(base_url, session_store, Role.PROGRAMME_LEAD)
    ministry = signed_in(base_url, session_store, Role.MINISTRY)
    profile = expert(admin, full_name="Phan Thị Thu Trang")
    owner = signed_in(base_url, session_store, Role.EXPERT, expert_id=profile)
    w.made += [admin, lead, ministry, owner]
    programme = lead.post(f"{API}/programmes", json={"name": "Bán dẫn"}).json()["id"]
    role = lead.post(f"{API}/roles", json={"programme_id": programme, "title": "Kỹ sư"})
    role_id = role.json()["id"]
    job = lead.post(f"{API}/roles/{role_id}/match-jobs", json={"limit": 5})
    assert job.status_code in (201, 202), job.text
    spare = AccountRepository(session_store).create(
        AccountCreate(
            email="csrf.victim@example.org", password=PASSWORD, role=Role.MINISTRY, name="Nạn nhân"
        )
    )
    w.tokens = {
        "admin": _token(admin),
        "lead": _token(lead),
        "ministry": _token(ministry),
        "expert": _token(owner),
    }
    w.ids = {
        "expert_id": profile,
        "account_id": spare.id,
        "programmes": programme,
        "role_id": role_id,
        "job_id": job.json()["id"],
        "works": work(admin, profile, "Cảm biến lượng tử"),
        "review_id": "no-such-review",
        "merge_id": "no-such-merge",
    }
    _finished(lead, f"{API}/jobs/{w.ids['job_id']}")
    _quiet(session_store)
    yield w
    for client in w.made:
        client.close()


def _finished(client: httpx.Client, url: str) -> None:
    """The match job has run: the worker writes nothing more behind the matrix's back."""
    deadline = time.monotonic() + 120
    while (state := client.get(url).json()["state"]) not in {"succeeded", "failed", "cancelled"}:
        assert time.monotonic() < deadline, state
        time.sleep(0.1)


def _quiet(store: Neo4jStore) -> None:
    """Nothing (mail sent by the worker, a job's last writes) changes the graph any more."""
    deadline = time.monotonic() + 60
    last = graph_state(store)
    while True:
        time.sleep(0.5)
        now = graph_state(store)
        if now == last:
            return
        assert time.monotonic() < deadline, "the graph does not settle"
        last = now


def _caller(path: str) -> str | None:
    if path in PUBLIC:
        return "anonymous"
    for prefix, caller in BY_PREFIX:
        if path == prefix or path.startswith(prefix if prefix.endswith("/") else f"{prefix}/"):
            return caller
    return None


def _filled(path: str, ids: dict[str, str]) -> str:
    """The path with the world's ids: `resource_id` is a programme's or, under /me, a work's;
    an id the world has none of is a made-up one (the check runs before the form is read)."""
    plural = "works" if path.startswith("/me/works") else path.split("/")[1]

    def one(m: re.Match[str]) -> str:
        name = plural if m[1] == "resource_id" else m[1]
        return ids.get(name, f"no-such-{name}")

    return re.sub(r"\{(\w+)\}", one, path)


GraphState = tuple[list[str], list[str]]


def graph_state(store: Neo4jStore) -> GraphState:
    """Every node and relationship with its properties, as sorted text: equal states, equal
    graphs."""
    nodes = store.run(
        Query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props, elementId(n) AS e")
    )
    links = store.run(
        Query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
            "elementId(a) AS a, elementId(b) AS b"
        )
    )
    return (
        sorted(repr(sorted(row.items())) for row in nodes),
        sorted(repr(sorted(row.items())) for row in links),
    )


def _csrf_cookie(base_url: str) -> str:
    """The token a page hands its visitor (set with the login form)."""
    with httpx.Client(base_url=base_url) as c:
        c.get("/login")
        token = c.cookies.get(CSRF_COOKIE)
    assert token, "the login page sets no CSRF cookie"
    return str(token)


@dataclass(frozen=True)
class Attempt:
    """What a forged request carries: the CSRF cookie or not, and what it sends as the token."""

    cookie: bool
    field: str | None = None
    header: bytes | None = None


ASCII_MISMATCH = "x" * 43
NON_ASCII = "ţ✓é"
ATTEMPTS: dict[str, Attempt] = {
    "no-token-no-cookie": Attempt(cookie=False),
    "cookie-without-token": Attempt(cookie=True),
    "mismatched-token": Attempt(cookie=True, field=ASCII_MISMATCH),
    "non-ascii-token": Attempt(cookie=True, field=NON_ASCII),
    "non-ascii-header": Attempt(cookie=True, header=NON_ASCII.encode()),
}


def _send(w: World, method: str, path: str, attempt: Attempt) -> httpx.Response:
    caller = _caller(path)
    assert caller is not None, f"{method} {path}: no caller in BY_PREFIX; add one who may send it"
    cookies: dict[str, str] = {}
    if caller != "anonymous":
        cookies[SESSION_COOKIE] = w.tokens[caller]
    if attempt.cookie:
        cookies[CSRF_COOKIE] = _csrf_cookie(w.base_url)
    data = dict(BODIES.get(path, FILLER))
    if attempt.field is not None:
        data[CSRF_FIELD] = attempt.field
    headers = [(b"accept-language", b"vi")]
    if attempt.header is not None:
        headers.append((CSRF_HEADER.encode(), attempt.header))
    with httpx.Client(base_url=w.base_url, cookies=cookies, timeout=30) as c:
        return c.request(
            method, _filled(path, w.ids), data=data, headers=headers, follow_redirects=False
        )


def test_the_forms_are_read_from_the_app_and_none_is_missing() -> None:
    assert len(FORMS) >= MINIMUM_FORMS, FORMS
    assert set(FORMS) >= MUST_INCLUDE, sorted(MUST_INCLUDE - set(FORMS))
    assert [f for f in FORMS if _caller(f[1]) is None] == []


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
@pytest.mark.parametrize(("method", "path"), FORMS, ids=[f"{m} {p}" for m, p in FORMS])
def test_a_form_without_the_cookies_token_is_refused_and_changes_nothing(
    world: World, method: str, path: str, attempt: str
) -> None:
    before = graph_state(world.store)
    response = _send(world, method, path, ATTEMPTS[attempt])
    assert response.status_code == 403, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert CSRF_REFUSAL in response.text, response.text[:300]
    # No session begun or ended: a forged login or logout leaves the visitor as they were.
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    after = graph_state(world.store)
    assert _changed(before, after) == []


def _changed(before: GraphState, after: GraphState) -> list[str]:
    return [
        f"{'+' if row in new else '-'} {row}"
        for old, new in zip(before, after, strict=True)
        for row in sorted(set(old) ^ set(new))
    ]


def test_the_cookies_own_token_is_accepted_so_the_refusals_are_the_tokens(world: World) -> None:
    """The same requests with the matching token get past the check: the cookie and the
    session the matrix sends are the real ones."""
    token = _csrf_cookie(world.base_url)
    cookies = {SESSION_COOKIE: world.tokens["expert"], CSRF_COOKIE: token}
    with httpx.Client(base_url=world.base_url, cookies=cookies) as c:
        confirmed = c.post("/me/confirm", data={CSRF_FIELD: token})
        assert confirmed.status_code == 303, confirmed.text[:300]
        by_header = c.post("/me/confirm", headers={CSRF_HEADER: token})
        assert by_header.status_code == 303, by_header.text[:300]
        out = c.post("/logout", data={CSRF_FIELD: token})
        assert out.status_code == 303
        assert SESSION_COOKIE in out.headers["set-cookie"]
