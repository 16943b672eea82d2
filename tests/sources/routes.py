"""What the local source server answers: each source's documented format, from the
hand-written records in fixtures/ and a few generated very large ones."""

import html
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

if TYPE_CHECKING:
    from tests.sources.server import SourceServer

FIXTURES = Path(__file__).parent / "fixtures"
BIG_ORCID = "0000-0002-9999-9998"
BIG_GROUPS = 3000
BIG_AUTHOR = "A5999999999"
BIG_AUTHORSHIPS = 5000
ORCID_JSON = "application/vnd.orcid+json;qs=4"
GOOD_CODE = "good-code"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str  # decoded, without the query
    raw_path: str  # as sent, percent-encoding kept
    query: dict[str, str]
    headers: dict[str, str]  # names lower-case
    body: bytes
    at: float  # time.monotonic() on arrival


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    stream: bool = False  # no Content-Length: the body ends when the connection closes


def _json(status: int, data: Any, **headers: str) -> Reply:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Reply(status, body, {"Content-Type": "application/json;charset=UTF-8", **headers})


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def big_orcid_works() -> bytes:
    """An ORCID /works of 3,000 groups, every tenth with the same work from two sources."""
    groups = []
    for n in range(BIG_GROUPS):
        doi = f"10.5555/big.{n}"
        ids = {"external-id": [{"external-id-type": "doi", "external-id-value": doi}]}
        summary = {
            "put-code": 100000 + n,
            "title": {"title": {"value": f"Nghiên cứu số {n}"}},
            "external-ids": ids,
            "type": "journal-article",
            "publication-date": {"year": {"value": str(2000 + n % 25)}},
            "journal-title": {"value": "Tạp chí Khoa học"},
            "display-index": "0",
        }
        twin = {**summary, "put-code": 200000 + n}
        summaries = [summary, twin] if n % 10 == 0 else [summary]
        groups.append({"external-ids": ids, "work-summary": summaries})
    return json.dumps({"group": groups, "path": f"/{BIG_ORCID}/works"}).encode()


@cache
def big_openalex_work() -> dict[str, Any]:
    """One work of a large collaboration: 5,000 authorships."""
    authorships = [
        {
            "author": {"id": f"https://openalex.org/A59{n:08d}", "display_name": f"Tác giả {n}"},
            "institutions": [{"ror": "https://ror.org/02jmfj006", "country_code": "VN"}],
            "raw_author_name": f"Tac Gia {n}",
            "raw_affiliation_strings": ["Đại học Quốc gia Hà Nội"],
        }
        for n in range(BIG_AUTHORSHIPS)
    ]
    return {
        "id": "https://openalex.org/W4399999999",
        "doi": "https://doi.org/10.5555/collab.1",
        "title": "Một hợp tác rất lớn",
        "publication_year": 2024,
        "type": "article",
        "authorships": authorships,
        "updated_date": "2025-01-01T00:00:00",
    }


class Fixtures:
    """The records the server answers with, read once."""

    def __init__(self) -> None:
        self.authors = {
            p.stem: _load(p) for p in sorted((FIXTURES / "openalex" / "authors").glob("*.json"))
        }
        self.works = [_load(p) for p in sorted((FIXTURES / "openalex" / "works").glob("*.json"))]
        self.institutions = {
            p.stem: _load(p) for p in (FIXTURES / "openalex" / "institutions").glob("*.json")
        }
        self.redirects = {
            old: new
            for old, new in _load(FIXTURES / "openalex" / "redirects.json").items()
            if not old.startswith("_")
        }
        self.crossref = {}
        for path in (FIXTURES / "crossref" / "works").glob("*.json"):
            record = _load(path)
            self.crossref[record["message"]["DOI"].lower()] = record


def route(server: "SourceServer", seen: Seen) -> Reply:
    """The source's answer to one request."""
    path = seen.path
    if path.startswith("/orcid/v3.0/"):
        return orcid(path.removeprefix("/orcid/v3.0/"))
    if path == "/orcid-site/oauth/token" and seen.method == "POST":
        return orcid_token(seen.body)
    if path == "/orcid-site/oauth/authorize":
        return orcid_authorize(seen)
    if path.startswith("/openalex/"):
        return openalex(server, path.removeprefix("/openalex/"), seen.query)
    if path.startswith("/crossref/works/"):
        return crossref(server, path.removeprefix("/crossref/works/"))
    return Reply(404, b"Not Found", {"Content-Type": "text/plain"})


def orcid(rest: str) -> Reply:
    orcid_id, _, section = rest.partition("/")
    if orcid_id == BIG_ORCID and section == "works":
        return Reply(200, big_orcid_works(), {"Content-Type": ORCID_JSON}, stream=True)
    record = FIXTURES / "orcid" / orcid_id / f"{section}.json"
    if section not in ("person", "employments", "works") or not record.is_file():
        error = {
            "response-code": 404,
            "developer-message": f"404 Not Found: The resource was not found. Full validation "
            f"error: ORCID {orcid_id} not found",
            "user-message": "The resource was not found.",
            "error-code": 9016,
            "more-info": "https://members.orcid.org/api/resources/troubleshooting",
        }
        return _json(404, error)
    return Reply(200, record.read_bytes(), {"Content-Type": ORCID_JSON})


AUTHORIZE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - ORCID</title></head>
<body><main>
<h1>Sign in</h1>
<p>{client} is asking to get your ORCID iD ({scope}).</p>
<form method="post" action="/orcid-site/oauth/authorize">
<input type="hidden" name="redirect_uri" value="{redirect_uri}">
<input type="hidden" name="state" value="{state}">
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</main></body></html>
"""


def orcid_authorize(seen: Seen) -> Reply:
    """ORCID's sign-in page (as a person already signed in at ORCID sees it): GET shows the
    client's request with Authorize and Deny; the POST sends the browser back to the
    redirect_uri with ``code`` (``good-code``) and the ``state``, or ``error=access_denied``,
    as ORCID's three-legged OAuth does."""
    if seen.method == "GET":
        query = seen.query
        if query.get("response_type") != "code" or not query.get("client_id"):
            return Reply(400, b"invalid_request", {"Content-Type": "text/plain"})
        if not query.get("redirect_uri", "").startswith(("http://", "https://")):
            return Reply(400, b"invalid redirect_uri", {"Content-Type": "text/plain"})
        fields = {k: html.escape(query.get(k, ""), quote=True) for k in ("redirect_uri", "state")}
        client = html.escape(query["client_id"])
        scope = html.escape(query.get("scope", ""))
        page = AUTHORIZE_PAGE.format(client=client, scope=scope, **fields)
        return Reply(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
    form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
    target = form.get("redirect_uri", "")
    if not target.startswith(("http://", "https://")):
        return Reply(400, b"invalid redirect_uri", {"Content-Type": "text/plain"})
    answer = {"code": GOOD_CODE} if form.get("decision") == "authorize" else {}
    if not answer:
        answer = {"error": "access_denied", "error_description": "User denied access"}
    answer["state"] = form.get("state", "")
    location = f"{target}?{urlencode(answer)}"
    return Reply(302, b"", {"Location": location, "Content-Type": "text/plain"})


def orcid_token(body: bytes) -> Reply:
    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    if form.get("grant_type") != "authorization_code" or form.get("code") != GOOD_CODE:
        error = {"error": "invalid_grant", "error_description": "Invalid authorization code"}
        return _json(400, error)
    token = {
        "access_token": "f5af9f51-07e6-4332-8f1a-c0c11c1e3728",
        "token_type": "bearer",
        "refresh_token": "f725f747-3a65-49f6-a231-3e8944ce464d",
        "expires_in": 631138518,
        "scope": "/authenticate",
        "name": "Nguyễn Thị Hương",
        "orcid": "0000-0002-1234-5677",
    }
    return _json(200, token)


def _not_found(what: str) -> Reply:
    return _json(404, {"error": "404 Not Found", "message": f"{what} does not exist."})


def openalex(server: "SourceServer", rest: str, query: dict[str, str]) -> Reply:
    fixtures = server.fixtures
    kind, _, key = rest.partition("/")
    if kind == "authors" and key.startswith("orcid:"):
        orcid_id = key.removeprefix("orcid:")
        match = [a for a in fixtures.authors.values() if str(a.get("orcid")).endswith(orcid_id)]
        return _json(200, match[0]) if match else _not_found(f"authors/{key}")
    if kind == "authors" and key in fixtures.redirects:
        return Reply(301, b"", {"Location": f"/openalex/authors/{fixtures.redirects[key]}"})
    if kind == "authors":
        return _json(200, fixtures.authors[key]) if key in fixtures.authors else _not_found(rest)
    if kind == "institutions":
        found = fixtures.institutions.get(key)
        return _json(200, found) if found else _not_found(rest)
    if kind == "works" and not key:
        return works_page(server, query)
    return _not_found(rest)


def works_page(server: "SourceServer", query: dict[str, str]) -> Reply:
    """OpenAlex's /works list with cursor paging (the cursor is the next offset, opaque)."""
    filters = dict(part.split(":", 1) for part in query.get("filter", "").split(",") if part)
    per_page = int(query.get("per-page", "25"))
    if set(filters) - {"author.id", "from_updated_date"} or not 1 <= per_page <= 200:
        return _json(400, {"error": "Invalid query parameters error.", "message": str(query)})
    author = filters.get("author.id", "")
    if author == BIG_AUTHOR:
        works = [big_openalex_work()]
    else:
        works = [
            w
            for w in server.fixtures.works
            if any(str(a["author"]["id"]).endswith(author) for a in w["authorships"])
        ]
    since = filters.get("from_updated_date", "")
    works = [w for w in works if w["updated_date"][:10] >= since]
    cursor = query.get("cursor", "*")
    offset = 0 if cursor == "*" else int(cursor.removeprefix("c"))
    size = min(per_page, server.page_size)
    page = works[offset : offset + size]
    meta = {
        "count": len(works),
        "db_response_time_ms": 12,
        "page": None,
        "per_page": size,
        "next_cursor": f"c{offset + size}" if page else None,
        "groups_count": None,
    }
    reply = _json(200, {"meta": meta, "results": page, "group_by": []})
    reply.stream = author == BIG_AUTHOR
    return reply


def crossref(server: "SourceServer", doi: str) -> Reply:
    record = server.fixtures.crossref.get(doi.lower())
    if record is None:
        return Reply(404, b"Resource not found.", {"Content-Type": "text/plain"})
    return _json(200, record)
