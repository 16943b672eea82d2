"""An expert's imports page (/me/imports): identifiers linked (typed in, or proven by signing in
to ORCID, whose answer must carry this browser's one-time state), imports from DOIs and files
through the real worker and the local source server, proposed works accepted and rejected
(post/redirect/get; a decision made elsewhere is skipped), name variants, and who may open
what (as the API: the expert's own; staff refused; another expert's ids not found)."""

import re
import time
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect
from pydantic import JsonValue

from api.settings import get_settings
from api.web.routes.experts import imports_words as words
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.imports.dedupe import work_key
from talent.imports.models import CandidateState, Reason, ReasonKind
from talent.imports.repository import ImportRepository, Proposal
from talent.sources.models import (
    ExternalIds,
    FileProblemCode,
    FoundAuthor,
    FoundWork,
    SourceName,
)
from tests.accounts import SignIn
from tests.sources.server import SourceServer
from tests.web.browser import (
    SCREENSHOTS,
    account,
    check_page,
    serious_violations,
    sign_in,
    use_language,
)

VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
ORCID = "0000-0002-1234-5677"  # the local ORCID's record of Nguyễn Thị Hương
WRONG_CHECK = "0000-0002-1234-5678"
MANGROVE = "10.1890/0012-9615(2001)071[0001:mfivrf]2.0.co;2"  # Crossref: she is an author
RICE = "10.25073/2588-1140/vnuas.4567"  # Crossref: she is not among its authors
STATE_COOKIE = "talent_orcid_state"


def _expert(store: Neo4jStore, name: str = "Nguyễn Thị Hương") -> str:
    item = ExpertCreate.model_validate({"full_name": name, "country": "VN"})
    return ExpertRepository(store).insert(item)


@pytest.fixture
def hương(store: Neo4jStore, as_role: SignIn) -> tuple[str, httpx.Client]:
    expert_id = _expert(store)
    return expert_id, as_role(Role.EXPERT, expert_id)


def _csrf(client: httpx.Client) -> dict[str, str]:
    if "talent_csrf" not in client.cookies:
        client.get("/me/imports")
    return {"x-csrf-token": client.cookies["talent_csrf"]}


def _post(
    client: httpx.Client,
    path: str,
    data: Mapping[str, str | list[str]],
    headers: dict[str, str] | None = None,
    **kwargs: object,
) -> httpx.Response:
    return client.post(path, data=data, headers={**(headers or VI), **_csrf(client)}, **kwargs)  # type: ignore[arg-type]


def _work(title: str, doi: str | None = None, *, authors: tuple[str, ...] = ()) -> FoundWork:
    return FoundWork(
        source=SourceName.ORCID,
        title=title,
        year=2021,
        venue="Tạp chí Tin học và Điều khiển",
        ids=ExternalIds(doi=doi),
        authors=tuple(FoundAuthor(raw=a) for a in authors),
    )


def _propose(
    store: Neo4jStore, expert_id: str, *items: tuple[FoundWork, list[Reason]]
) -> list[str]:
    """Proposals as an import stores them; their candidate ids in order."""
    proposals = [Proposal(work_key(w), w, reasons) for w, reasons in items]
    saved = ImportRepository(store).save(expert_id, None, proposals)
    by_title = {c.work.title: c.id for c in saved}
    return [by_title[w.title] for w, _ in items]


def _reason(kind: ReasonKind, value: str, detail: str = "", where: str = "") -> list[Reason]:
    return [Reason(kind=kind, value=value, detail=detail, affiliation=where)]


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def _wait(client: httpx.Client, expert_id: str, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 90
    while True:
        job: dict[str, object] = client.get(f"/api/v1/experts/{expert_id}/imports/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


# Identifiers


def test_an_orcid_id_typed_in_is_linked_as_self_declared_with_its_link(
    hương: tuple[str, httpx.Client],
) -> None:
    expert_id, client = hương
    done = _post(client, "/me/imports/identifiers", {"scheme": "orcid", "value": ORCID})
    assert done.status_code == 303
    assert done.headers["location"] == "/me/imports?done=linked#identifiers"
    page = client.get(done.headers["location"], headers=VI).text
    ids = _section(page, "identifiers")
    assert f'<a href="https://orcid.org/{ORCID}" rel="noopener noreferrer">{ORCID}</a>' in ids
    assert '<span class="tag">tự khai</span>' in ids
    assert "đã xác thực qua ORCID</span>" not in ids
    assert "Đã liên kết mã định danh." in page
    # The three choices, each with what it does.
    for choice in ("Đây là tôi", "Không phải tôi", "Chưa chắc"):
        assert f">{choice}</label>" in ids
    assert (
        "khi ORCID iD của bạn đã được xác thực qua ORCID, công trình mới sẽ được chấp nhận ngay"
        in ids
    )
    assert "không bao giờ được đề xuất lại" in ids
    linked = client.get(f"/api/v1/experts/{expert_id}/identifiers").json()
    assert [(i["scheme"], i["value"], i["authenticated"]) for i in linked] == [
        ("orcid", ORCID, False)
    ]


@pytest.mark.parametrize(
    ("headers", "value", "scheme", "message"),
    [
        (VI, WRONG_CHECK, "orcid", "Ký tự cuối của ORCID iD này (chữ số kiểm tra) không đúng"),
        (
            EN,
            WRONG_CHECK,
            "orcid",
            "The last character of this ORCID iD (its check digit) is wrong",
        ),
        (VI, "0000-0002", "orcid", "Đây không phải ORCID iD: ORCID iD có dạng"),
        (EN, "W123", "openalex", "An OpenAlex author id looks like A5023888391."),
    ],
)
def test_a_wrong_identifier_is_named_beside_its_field_in_the_page_language(
    hương: tuple[str, httpx.Client], headers: dict[str, str], value: str, scheme: str, message: str
) -> None:
    expert_id, client = hương
    refused = _post(client, "/me/imports/identifiers", {"scheme": scheme, "value": value}, headers)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="e-value">(.*?)</p>', refused.text)
    assert error is not None
    assert message in error.group(1)
    assert f'value="{value}"' in refused.text  # as typed
    assert 'aria-invalid="true"' in refused.text
    assert client.get(f"/api/v1/experts/{expert_id}/identifiers").json() == []


def test_not_me_asks_first_then_rejects_what_that_identifier_alone_proposed(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    _post(client, "/me/imports/identifiers", {"scheme": "orcid", "value": ORCID})
    only, both = _propose(
        store,
        expert_id,
        (_work("Chỉ từ ORCID"), _reason(ReasonKind.ORCID, ORCID)),
        (
            _work("Cũng có DOI", "10.1000/both.1"),
            [*_reason(ReasonKind.ORCID, ORCID), *_reason(ReasonKind.DOI, "10.1000/both.1")],
        ),
    )
    body = {"scheme": "orcid", "value": ORCID, "verdict": "not_me", "notify": "on"}
    asked = _post(client, "/me/imports/identifiers/verdict", body)
    assert asked.status_code == 200
    assert f"{ORCID} không phải là bạn?" in asked.text
    assert "Đúng, đây không phải tôi" in asked.text
    assert '<input type="hidden" name="confirm" value="yes">' in asked.text
    # Nothing changed until confirmed.
    assert client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json() == {
        "proposed": 2,
        "accepted": 0,
        "rejected": 0,
    }
    done = _post(client, "/me/imports/identifiers/verdict", {**body, "confirm": "yes"})
    assert done.status_code == 303
    linked = client.get(f"/api/v1/experts/{expert_id}/identifiers").json()
    assert [(i["verdict"], i["notify"]) for i in linked] == [("not_me", True)]
    state = {
        c.id: c.state
        for c in ImportRepository(store).page(expert_id, list(CandidateState), after="", limit=10)
    }
    assert state == {only: CandidateState.REJECTED, both: CandidateState.PROPOSED}
    # "This is me" needs no confirmation; the e-mail box unticked turns the mail off.
    me = _post(
        client,
        "/me/imports/identifiers/verdict",
        {"scheme": "orcid", "value": ORCID, "verdict": "me"},
    )
    assert me.status_code == 303
    linked = client.get(f"/api/v1/experts/{expert_id}/identifiers").json()
    assert [(i["verdict"], i["notify"]) for i in linked] == [("me", False)]


def test_an_identifier_removed_is_no_longer_linked(hương: tuple[str, httpx.Client]) -> None:
    expert_id, client = hương
    _post(client, "/me/imports/identifiers", {"scheme": "openalex", "value": "a5100000001"})
    linked = client.get(f"/api/v1/experts/{expert_id}/identifiers").json()
    assert [(i["scheme"], i["value"]) for i in linked] == [("openalex", "A5100000001")]
    page = client.get("/me/imports", headers=VI).text
    assert '<a href="https://openalex.org/A5100000001" rel="noopener noreferrer">' in page
    done = _post(
        client, "/me/imports/identifiers/remove", {"scheme": "openalex", "value": "A5100000001"}
    )
    assert done.status_code == 303
    assert client.get(f"/api/v1/experts/{expert_id}/identifiers").json() == []
    again = _post(
        client, "/me/imports/identifiers/remove", {"scheme": "openalex", "value": "A5100000001"}
    )
    assert again.status_code == 404


# ORCID sign-in


def _connect(client: httpx.Client) -> str:
    """Off to ORCID: the state it carries (the cookie keeps it)."""
    page = client.get("/me/imports", headers=VI).text
    assert '<a class="button" href="/me/imports/orcid/connect">Đăng nhập bằng ORCID</a>' in page
    sent = client.get("/me/imports/orcid/connect")
    assert sent.status_code == 303
    target = urlsplit(sent.headers["location"])
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert target.path.endswith("/orcid-site/oauth/authorize")
    assert query["client_id"] == "APP-TALENTGRAPH0001"
    assert query["scope"] == "/authenticate"
    assert query["response_type"] == "code"
    assert query["redirect_uri"].endswith("/me/imports/orcid/callback")
    cookie = sent.headers["set-cookie"]
    assert f"{STATE_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=600" in cookie
    return query["state"]


def test_signing_in_with_orcid_links_the_id_it_vouches_for_as_proven(
    hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    state = _connect(client)
    back = client.get("/me/imports/orcid/callback", params={"code": "good-code", "state": state})
    assert back.status_code == 303, back.text
    assert back.headers["location"] == "/me/imports?done=proven#identifiers"
    linked = client.get(f"/api/v1/experts/{expert_id}/identifiers").json()
    assert [(i["value"], i["authenticated"], i["verdict"]) for i in linked] == [
        (ORCID, True, "unsure")
    ]
    [token] = source_server.seen("/orcid-site/oauth/token")
    assert parse_qs(token.body.decode())["code"] == ["good-code"]
    page = client.get("/me/imports", headers=VI).text
    assert '<span class="tag verified">đã xác thực qua ORCID</span>' in page
    # The same answer again: the state was used once, and is gone.
    reused = client.get(
        "/me/imports/orcid/callback", params={"code": "good-code", "state": state}, headers=VI
    )
    assert reused.status_code == 400
    assert "đã hết hạn hoặc đã được dùng" in reused.text
    assert len(source_server.seen("/orcid-site/oauth/token")) == 1


def test_an_orcid_answer_without_this_browsers_state_links_nothing(
    store: Neo4jStore, hương: tuple[str, httpx.Client], as_role: SignIn, source_server: SourceServer
) -> None:
    expert_id, client = hương
    # An answer this browser never asked for (a link sent by someone else): no state kept.
    forged = client.get("/me/imports/orcid/callback", params={"code": "good-code", "state": "s"})
    assert forged.status_code == 400
    state = _connect(client)
    # Another state, none, or this state in another browser (another expert's).
    wrong = client.get(
        "/me/imports/orcid/callback", params={"code": "good-code", "state": state + "x"}, headers=EN
    )
    assert wrong.status_code == 400
    assert "does not belong to this browser" in wrong.text
    state = _connect(client)
    missing = client.get("/me/imports/orcid/callback", params={"code": "good-code"})
    assert missing.status_code == 400
    state = _connect(client)
    other = as_role(Role.EXPERT, _expert(store, "Trần Văn Bình"))
    other.cookies.set(STATE_COOKIE, client.cookies[STATE_COOKIE], path="/me/imports/orcid")
    stolen = other.get("/me/imports/orcid/callback", params={"code": "good-code", "state": state})
    assert stolen.status_code == 400
    assert client.get(f"/api/v1/experts/{expert_id}/identifiers").json() == []
    assert source_server.seen("/orcid-site/oauth/token") == []


def test_orcid_access_denied_is_told_kindly_and_links_nothing(
    hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    state = _connect(client)
    denied = client.get(
        "/me/imports/orcid/callback",
        params={
            "error": "access_denied",
            "error_description": "User denied access",
            "state": state,
        },
        headers=VI,
    )
    assert denied.status_code == 200
    assert "Bạn chưa cho phép ORCID cho chúng tôi biết iD của bạn" in denied.text
    assert client.get(f"/api/v1/experts/{expert_id}/identifiers").json() == []
    # A code ORCID does not know: nothing linked, said in words.
    state = _connect(client)
    bad = client.get(
        "/me/imports/orcid/callback", params={"code": "bad", "state": state}, headers=VI
    )
    assert bad.status_code == 502
    assert "ORCID không xác nhận iD của bạn" in bad.text
    assert client.get(f"/api/v1/experts/{expert_id}/identifiers").json() == []


# Starting an import


def test_invalid_dois_are_each_named_beside_the_field_and_nothing_starts(
    hương: tuple[str, httpx.Client],
) -> None:
    expert_id, client = hương
    body = {"dois": f"{RICE}, abc\nhttps://doi.org/{MANGROVE} 11.2/x"}
    refused = _post(client, "/me/imports", body)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="e-dois">(.*?)</p>', refused.text)
    assert error is not None
    assert error.group(1) == "Không phải DOI: abc, 11.2/x. DOI có dạng 10.1000/xyz123."
    nothing = _post(client, "/me/imports", {"dois": ""}, EN)
    assert nothing.status_code == 422
    assert "Tick “from my linked identifiers”, or paste DOIs." in nothing.text
    no_link = _post(client, "/me/imports", {"identifiers": "on", "dois": ""}, EN)
    assert no_link.status_code == 422
    assert re.search(
        r'id="e-identifiers">Link your ORCID iD or OpenAlex author first.<', no_link.text
    )
    assert (
        client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()["proposed"] == 0
    )


def test_a_doi_import_runs_on_the_worker_and_its_result_reads_in_words(
    hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    body = {"dois": f"{MANGROVE}\n{RICE}, 10.1000/nowhere.1"}
    started = _post(client, "/me/imports", body)
    assert started.status_code == 303
    job_path = started.headers["location"]
    assert job_path.startswith("/me/imports/jobs/")
    job_id = job_path.rsplit("/", 1)[1]
    job = _wait(client, expert_id, job_id)
    assert job["state"] == "succeeded", job
    page = client.get(job_path, headers=VI)
    assert page.status_code == 200
    assert "hx-get" not in page.text  # finished: no more polling
    facts = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page.text)
    assert facts == [
        ("Công trình tìm thấy", "2"),
        ("Công trình đề xuất mới, đang chờ bạn", "2"),
        ("Đã có trong hồ sơ của bạn", "0"),
        ("Đã từ chối trước đây (không đề xuất lại)", "0"),
        ("Tự động chấp nhận (từ mã định danh bạn đã xác nhận là của mình)", "0"),
    ]
    assert "Crossref không có công trình nào với DOI 10.1000/nowhere.1." in page.text
    # The proposals, each with why.
    works = _section(client.get("/me/imports", headers=VI).text, "proposed")
    assert "Đang chờ bạn (2)" in works
    assert f'<a href="https://doi.org/{MANGROVE}" rel="noopener noreferrer">' in works
    assert "DOI bạn đã dán" in works
    assert (
        "Tên bạn trong danh sách tác giả: “Thị Hương Nguyễn” (viết đúng như tên bạn) — "
        "Institute of Ecology and Biological Resources, Hanoi, Vietnam"
    ) in works
    assert "Không tìm thấy tên bạn trong 3 tác giả của công trình." in works


def test_an_orcid_import_suggests_name_variants_to_add(
    hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    _post(client, "/me/imports/identifiers", {"scheme": "orcid", "value": ORCID})
    started = _post(client, "/me/imports", {"identifiers": "on", "dois": ""})
    job = _wait(client, expert_id, started.headers["location"].rsplit("/", 1)[1])
    assert job["state"] == "succeeded", job
    variants = _section(client.get("/me/imports", headers=VI).text, "variants")
    assert "Gợi ý từ lần nhập gần nhất" in variants
    # ORCID's other names, less the one spelled as the profile's name without diacritics.
    suggested = re.findall(r'name="variant" value="([^"]+)">\s*<button[^>]*value="add"', variants)
    assert suggested == ["T. H. Nguyen", "Huong Nguyen Thi"]
    version = str(client.get(f"/api/v1/experts/{expert_id}").json()["version"])
    added = _post(
        client,
        "/me/imports/variants",
        {"variant": "T. H. Nguyen", "action": "add", "version": version},
    )
    assert added.headers["location"] == "/me/imports?done=variant_added#variants"
    variants = _section(client.get("/me/imports", headers=VI).text, "variants")
    suggested = re.findall(r'name="variant" value="([^"]+)">\s*<button[^>]*value="add"', variants)
    assert suggested == ["Huong Nguyen Thi"]
    assert client.get(f"/api/v1/experts/{expert_id}").json()["name_variants"] == ["T. H. Nguyen"]


def test_a_source_that_does_not_answer_is_named_in_words(
    hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    source_server.fail(f"/orcid/v3.0/{ORCID}/person", 503)
    _post(client, "/me/imports/identifiers", {"scheme": "orcid", "value": ORCID})
    started = _post(client, "/me/imports", {"identifiers": "on", "dois": RICE})
    job = _wait(client, expert_id, started.headers["location"].rsplit("/", 1)[1])
    assert job["state"] == "succeeded", job
    page = client.get(started.headers["location"], headers=VI).text
    problems = re.search(r'<ul id="job-problems">(.*?)</ul>', page)
    assert problems is not None
    assert problems.group(1) == "<li>ORCID không trả lời, hãy thử lại sau.</li>"
    page = client.get(started.headers["location"], headers=EN).text
    assert "<li>ORCID did not answer; try again later.</li>" in page


@pytest.mark.parametrize(
    ("kept", "vi"),
    [
        (
            {"source": "orcid", "kind": "unavailable", "subject": "0000-0002-1234-5677"},
            "ORCID không trả lời, hãy thử lại sau.",
        ),
        (
            {"source": "openalex", "kind": "unavailable", "subject": "A5100000001"},
            "OpenAlex không trả lời, hãy thử lại sau.",
        ),
        (
            {"source": "crossref", "kind": "not_found", "subject": "10.1000/nowhere.1"},
            "Crossref không có công trình nào với DOI 10.1000/nowhere.1.",
        ),
        (
            {"source": "orcid", "kind": "malformed", "subject": "0000-0002-1234-5677"},
            "ORCID trả lời ở dạng không đọc được, hãy thử lại sau.",
        ),
        (
            {"source": "openalex", "kind": "refused", "subject": "A5100000001"},
            "OpenAlex từ chối yêu cầu, hãy thử lại sau.",
        ),
        (
            {"source": "openalex", "kind": "deleted", "subject": "A5999999990"},
            "OpenAlex cho biết tác giả A5999999990 đã bị xóa hoặc gộp vào tác giả khác.",
        ),
    ],
)
def test_each_kind_of_source_failure_reads_in_vietnamese(kept: JsonValue, vi: str) -> None:
    assert words.problem(kept, "vi") == vi


def test_an_import_in_progress_polls_and_can_be_stopped(
    store: Neo4jStore, hương: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, client = hương
    source_server.delay(f"/crossref/works/{RICE}", 3.0)
    started = _post(client, "/me/imports", {"dois": RICE})
    job_path = started.headers["location"]
    page = client.get(job_path, headers=VI).text
    assert f'hx-get="{job_path}" hx-trigger="every 1s"' in page
    assert 'action="' + job_path + '/cancel"' in page
    stopped = _post(client, f"{job_path}/cancel", {})
    assert stopped.status_code == 303
    assert stopped.headers["location"] == f"{job_path}?done=cancel"
    job = _wait(client, expert_id, job_path.rsplit("/", 1)[1])
    assert job["state"] == "cancelled"
    again = _post(client, f"{job_path}/cancel", {}, EN)
    assert again.status_code == 409
    assert "This import had already ended" in again.text


def test_a_file_without_readable_works_is_refused_with_its_entries_named(
    hương: tuple[str, httpx.Client],
) -> None:
    _, client = hương
    broken = b"@article{nguyen2020,\n  author = {Nguy{\\~\\ecircumflex}n},\n  year = {2020}\n}\n"
    refused = client.post(
        "/me/imports/file",
        files={"file": ("cong-trinh.bib", broken, "application/x-bibtex")},
        headers={**VI, **_csrf(client)},
    )
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="e-file">(.*?)</p>', refused.text)
    assert error is not None
    assert (
        error.group(1)
        == "Tệp không có công trình nào đọc được. Dòng 1, mục nguyen2020: không có tiêu đề."
    )
    other = client.post(
        "/me/imports/file",
        files={"file": ("notes.txt", b"just some notes", "text/plain")},
        headers={**EN, **_csrf(client)},
    )
    assert other.status_code == 422
    assert "This is not a reference file" in other.text
    none = client.post("/me/imports/file", data={}, files={}, headers={**EN, **_csrf(client)})
    assert none.status_code == 422
    assert "Choose a BibTeX (.bib) or RIS (.ris) file." in none.text


def test_a_bibtex_file_is_imported_and_each_work_says_it_came_from_the_file(
    hương: tuple[str, httpx.Client],
) -> None:
    expert_id, client = hương
    bib = (
        "@article{huong2019,\n  title = {Rừng ngập mặn ven biển Thái Bình},\n"
        "  author = {Nguyen, T. H. and Tran, Van Binh},\n  year = {2019},\n"
        "  journal = {T{\\d{a}}p ch{\\'i} Sinh h{\\d{o}}c}\n}\n"
    )
    started = client.post(
        "/me/imports/file",
        files={"file": ("cong-trinh.bib", bib.encode(), "application/x-bibtex")},
        headers={**VI, **_csrf(client)},
    )
    assert started.status_code == 303, started.text
    job = _wait(client, expert_id, started.headers["location"].rsplit("/", 1)[1])
    assert job["state"] == "succeeded", job
    works = _section(client.get("/me/imports", headers=VI).text, "proposed")
    assert "Trong tệp cong-trinh.bib" in works
    assert "Tên bạn trong danh sách tác giả: “Nguyen T. H.” (viết tắt)" in works
    assert "Tạp chí Sinh học" in works


# Deciding


def test_works_ticked_are_accepted_or_rejected_and_a_repeat_is_skipped(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    a, b, c = _propose(
        store,
        expert_id,
        (_work("Phân đoạn từ tiếng Việt", "10.1000/seg.1"), _reason(ReasonKind.ORCID, ORCID)),
        (_work("Nhận dạng tiếng nói"), _reason(ReasonKind.DOI, "10.1000/asr.1")),
        (_work("Một bài không phải của tôi"), _reason(ReasonKind.NAME, "Nguyen T. H.", "initials")),
    )
    page = client.get("/me/imports", headers=VI).text
    assert "Chấp nhận các công trình đã chọn" in page
    assert "Từ chối các công trình đã chọn" in page
    accepted = _post(client, "/me/imports/decisions", {"action": "accept", "c": [a, b]})
    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/me/imports?done=decided&a=2&r=0&s=0&u=0#proposed"
    rejected = _post(client, "/me/imports/decisions", {"action": "reject", "c": [c]})
    assert rejected.headers["location"] == "/me/imports?done=decided&a=0&r=1&s=0&u=0#proposed"
    # The same post again (a resend): nothing decided twice, reported as skipped.
    again = _post(client, "/me/imports/decisions", {"action": "accept", "c": [a, c]})
    assert again.headers["location"] == "/me/imports?done=decided&a=0&r=0&s=2&u=0#proposed"
    shown = client.get(again.headers["location"], headers=VI).text
    assert "Đã chấp nhận: 0. Đã từ chối: 0." in shown
    assert "Bỏ qua, vì đã được quyết định trước đó (có thể ở một cửa sổ khác): 2." in shown
    counts = client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()
    assert counts == {"proposed": 0, "accepted": 2, "rejected": 1}
    done = _section(client.get("/me/imports?tab=accepted", headers=VI).text, "proposed")
    assert "Phân đoạn từ tiếng Việt" in done
    assert '<a href="/me#works">' in done
    assert "Một bài không phải của tôi" not in done
    gone = _section(client.get("/me/imports?tab=rejected", headers=VI).text, "proposed")
    assert "Một bài không phải của tôi" in gone
    assert "(viết tắt)" in gone
    mine = client.get("/me", headers=VI).text
    assert "Phân đoạn từ tiếng Việt" in mine
    assert "Nhận dạng tiếng nói" in mine
    none = _post(client, "/me/imports/decisions", {"action": "accept"}, EN)
    assert none.status_code == 422
    assert "Tick the works to accept or reject first." in none.text


def test_accept_all_and_reject_all_ask_first(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    _propose(
        store,
        expert_id,
        (_work("Bài một"), _reason(ReasonKind.DOI, "10.1000/one")),
        (_work("Bài hai"), _reason(ReasonKind.DOI, "10.1000/two")),
    )
    asked = _post(client, "/me/imports/decisions", {"action": "reject_all"})
    assert asked.status_code == 200
    assert "Từ chối cả 2 công trình đề xuất?" in asked.text
    assert (
        client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()["proposed"] == 2
    )
    asked = _post(client, "/me/imports/decisions", {"action": "accept_all"}, EN)
    assert "Accept all 2 proposed works?" in asked.text
    done = _post(client, "/me/imports/decisions", {"action": "accept_all", "confirm": "yes"})
    assert done.headers["location"] == "/me/imports?done=decided&a=2&r=0&s=0&u=0#proposed"
    assert (
        client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()["accepted"] == 2
    )
    # Confirmed again (a resend): nothing is left to decide.
    again = _post(client, "/me/imports/decisions", {"action": "accept_all", "confirm": "yes"})
    assert again.status_code == 303
    assert (
        client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()["accepted"] == 2
    )


def test_why_each_work_is_proposed_reads_in_both_languages(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    _propose(
        store,
        expert_id,
        (
            _work("Từ OpenAlex", authors=("Huong Nguyen Thi", "Tran Van Binh")),
            [
                Reason(kind=ReasonKind.OPENALEX, value="A5100000009", via_orcid=ORCID),
                *_reason(ReasonKind.NAME, "Huong Nguyen Thi", "reversed order", "Đại học Huế"),
            ],
        ),
    )
    works = _section(client.get("/me/imports", headers=VI).text, "proposed")
    assert f"Từ tác giả OpenAlex A5100000009, có ghi ORCID iD {ORCID} trong hồ sơ" in works
    assert "Tên bạn trong danh sách tác giả: “Huong Nguyen Thi” (đảo thứ tự) — Đại học Huế" in works
    works = _section(client.get("/me/imports", headers=EN).text, "proposed")
    assert f"From OpenAlex author A5100000009, whose record names ORCID iD {ORCID}" in works
    assert (
        "Your name in the author list: “Huong Nguyen Thi” (in reversed order) — Đại học Huế"
        in works
    )


# Name variants


def test_name_variants_are_added_and_removed_with_the_version_read(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    version = str(client.get(f"/api/v1/experts/{expert_id}").json()["version"])
    added = _post(
        client,
        "/me/imports/variants",
        {"variant": "Nguyen T. H.", "action": "add", "version": version},
    )
    assert added.status_code == 303
    assert client.get(f"/api/v1/experts/{expert_id}").json()["name_variants"] == ["Nguyen T. H."]
    # From the page read before that change: refused, the list shown as it is now.
    stale = _post(
        client,
        "/me/imports/variants",
        {"variant": "Huong Nguyen", "action": "add", "version": version},
    )
    assert stale.status_code == 412
    assert "Hồ sơ của bạn đã được thay đổi ở nơi khác" in stale.text
    assert client.get(f"/api/v1/experts/{expert_id}").json()["name_variants"] == ["Nguyen T. H."]
    version = str(client.get(f"/api/v1/experts/{expert_id}").json()["version"])
    twice = _post(
        client,
        "/me/imports/variants",
        {"variant": "nguyen t. h.", "action": "add", "version": version},
    )
    assert twice.status_code == 422
    assert 'id="e-variant"' in twice.text
    removed = _post(
        client,
        "/me/imports/variants",
        {"variant": "Nguyen T. H.", "action": "remove", "version": version},
    )
    assert removed.status_code == 303
    assert client.get(f"/api/v1/experts/{expert_id}").json()["name_variants"] == []


# Access


def test_the_pages_answer_each_caller_as_the_api_does(
    store: Neo4jStore, hương: tuple[str, httpx.Client], as_role: SignIn, anonymous: httpx.Client
) -> None:
    expert_id, client = hương
    [theirs] = _propose(
        store, expert_id, (_work("Của chị Hương"), _reason(ReasonKind.DOI, "10.1/x"))
    )
    started = _post(client, "/me/imports", {"dois": RICE})
    job_path = started.headers["location"]
    assert client.get("/me/imports").status_code == 200
    assert client.get(job_path).status_code == 200
    # Another expert: her job and her proposals do not exist for them.
    other = as_role(Role.EXPERT, _expert(store, "Lê Hoàng Phương"))
    assert other.get(job_path).status_code == 404
    assert _post(other, f"{job_path}/cancel", {}).status_code == 404
    assert (
        _post(other, "/me/imports/decisions", {"action": "accept", "c": [theirs]}).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/experts/{expert_id}/import-candidates/counts").json()["proposed"] >= 1
    )
    # Staff: refused, as by the API.
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        staff = as_role(role)
        assert staff.get("/me/imports").status_code == 403
        assert staff.get(f"/api/v1/experts/{expert_id}/identifiers").status_code == 403
        assert staff.get(job_path).status_code == 403
    # Nobody signed in: to the login page, and back after it.
    login = anonymous.get("/me/imports")
    assert login.status_code == 303
    assert login.headers["location"] == "/login?next=/me/imports"
    # An admin without a profile of their own: told so.
    admin = as_role(Role.ADMIN)
    assert admin.get("/me/imports").status_code == 200


def test_the_start_page_counts_the_works_waiting(
    store: Neo4jStore, hương: tuple[str, httpx.Client]
) -> None:
    expert_id, client = hương
    assert "đang chờ bạn" not in client.get("/", headers=VI).text
    _propose(
        store,
        expert_id,
        (_work("Bài một"), _reason(ReasonKind.DOI, "10.1000/one")),
        (_work("Bài hai"), _reason(ReasonKind.DOI, "10.1000/two")),
    )
    home = client.get("/", headers=VI).text
    assert '<a href="/me/imports#proposed">2 công trình đang chờ bạn</a>' in home
    assert "2 works wait for you" in client.get("/", headers=EN).text
    assert (
        '<a class="button secondary" href="/me/imports">Nhập công trình của tôi</a>'
        in client.get("/me", headers=VI).text
    )


# In the browser


def _tick(page: Page, title: str) -> None:
    page.get_by_label(title).check()


def test_an_expert_imports_from_orcid_and_dois_then_accepts_some_and_rejects_one(
    page: Page, store: Neo4jStore, source_server: SourceServer
) -> None:
    expert_id = _expert(store)
    sign_in(page, account(store, Role.EXPERT, expert_id=expert_id))
    page.goto("/me")
    page.locator("#works").get_by_role("link", name="Nhập công trình của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập công trình của tôi")
    # A wrong check digit first, then the right iD.
    page.get_by_label("Mã định danh", exact=True).fill(WRONG_CHECK)
    page.get_by_role("button", name="Liên kết", exact=True).click()
    expect(page.locator("#e-value")).to_contain_text("chữ số kiểm tra")
    page.get_by_label("Mã định danh", exact=True).fill(ORCID)
    page.get_by_role("button", name="Liên kết", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Đã liên kết mã định danh.")
    expect(page.locator("#identifiers")).to_contain_text("tự khai")
    # From the iD and two DOIs, through the worker.
    expect(page.get_by_label("Từ các mã định danh đã liên kết của tôi")).to_be_checked()
    page.get_by_label("Các DOI").fill(f"{MANGROVE}\n{RICE}")
    page.get_by_role("button", name="Bắt đầu nhập").click()
    expect(page.locator("#job-result")).to_be_visible(timeout=90_000)
    facts = page.locator("#job-result dd")
    expect(facts.nth(0)).to_have_text("6")  # 4 works from ORCID, 2 from Crossref
    expect(facts.nth(1)).to_have_text("6")
    check_page(page, page.url.split(page.url.split("/")[2], 1)[1], "expert-imports-job")
    use_language(page, "vi")
    page.get_by_role("link", name="Xem các công trình đề xuất").click()
    works = page.locator("#proposed")
    expect(works).to_contain_text(f"Từ ORCID iD {ORCID}")
    expect(works).to_contain_text("DOI bạn đã dán")
    expect(works).to_contain_text("Không tìm thấy tên bạn trong 3 tác giả của công trình.")
    check_page(page, "/me/imports", "expert-imports")
    use_language(page, "vi")
    # Two accepted, one rejected.
    _tick(page, "Tonal features for Vietnamese speech recognition in noisy conditions")
    _tick(page, "Mangrove forests in Vietnam's Red River delta")
    page.get_by_role("button", name="Chấp nhận các công trình đã chọn").click()
    expect(page.get_by_role("status")).to_have_text("Đã chấp nhận: 2. Đã từ chối: 0.")
    _tick(page, "Ảnh hưởng của biến đổi khí hậu đến năng suất lúa ở Thừa Thiên Huế")
    page.get_by_role("button", name="Từ chối các công trình đã chọn").click()
    expect(page.get_by_role("status")).to_have_text("Đã chấp nhận: 0. Đã từ chối: 1.")
    expect(page.get_by_role("link", name="Đang chờ bạn (3)")).to_be_visible()
    # Accepting all asks first; going back decides nothing.
    page.get_by_role("button", name="Chấp nhận cả 3 công trình…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chấp nhận cả 3 công trình đề xuất?")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == []
        shot = SCREENSHOTS / f"expert-imports-confirm.vi.{width}.png"
        page.screenshot(path=str(shot), full_page=True)
    page.get_by_role("link", name="Không, quay lại danh sách").click()
    expect(page.get_by_role("link", name="Đang chờ bạn (3)")).to_be_visible()
    page.get_by_role("link", name="Đã chấp nhận (2)").click()
    expect(page.locator("#proposed")).to_contain_text(
        "Mangrove forests in Vietnam's Red River delta"
    )
    check_page(page, "/me/imports?tab=accepted", "expert-imports-accepted")
    use_language(page, "vi")
    page.goto("/me")
    expect(page.locator("#works")).to_contain_text("Tonal features for Vietnamese speech")
    expect(page.locator("#works")).not_to_contain_text("năng suất lúa")
    page.goto("/")
    expect(page.locator("#works-waiting")).to_have_text("3 công trình đang chờ bạn")


def test_an_upload_far_over_the_limit_gets_a_page_in_the_readers_language(
    hương: tuple[str, httpx.Client],
) -> None:
    """Refused by the body limit before any route reads it: a page, not the API's JSON."""
    _, client = hương
    limit = get_settings().import_max_bytes
    files = {"file": ("big.bib", b"@misc{a, title={x}}\n" + b" " * (limit + 200_000))}
    refused = client.post("/me/imports/file", files=files, headers={**VI, **_csrf(client)})
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith("text/html")
    assert "Tệp quá lớn" in refused.text
    assert "Tệp gửi lên đây tối đa 20 MB." in refused.text
    english = client.post("/me/imports/file", files=files, headers={**EN, **_csrf(client)})
    assert "A file sent here may be at most 20 MB." in english.text


# A reference file's problems: a code from the reader, words on the page


# Written out by hand: every code a reader gives (talent/sources/models.py FileProblemCode),
# and its words in both languages.
FILE_PROBLEM_WORDS = {
    "empty_file": ("the file is empty", "tệp trống"),
    "too_many_entries": ("the file holds too many entries", "tệp có quá nhiều mục"),
    "no_entries": (
        "the file holds no BibTeX entries or RIS records",
        "tệp không có mục BibTeX hay bản ghi RIS nào",
    ),
    "unreadable_file": (
        "the file cannot be read as BibTeX",
        "không đọc được tệp dưới dạng BibTeX",
    ),
    "not_utf8": (
        "the file is not UTF-8; check that names show their letters rightly",
        "tệp không ở dạng UTF-8; hãy kiểm tra tên có hiển thị đúng chữ không",
    ),
    "unreadable_characters": (
        "some characters of the file could not be read",
        "một số ký tự trong tệp không đọc được",
    ),
    "unbalanced_braces": (
        'its braces or quotes do not balance: a { or " is never closed',
        'dấu ngoặc hoặc dấu nháy không cân: có { hoặc " không được đóng',
    ),
    "unreadable_entry": ("it is not valid BibTeX", "không đúng cú pháp BibTeX"),
    "outside_record": (
        "it is outside any record (a RIS record runs from a line TY to a line ER)",
        "nằm ngoài mọi bản ghi (một bản ghi RIS bắt đầu bằng dòng TY và kết thúc ở dòng ER)",
    ),
    "no_title": ("it has no title", "không có tiêu đề"),
    "bad_year": ("its year is not a year", "năm ghi trong mục không phải là một năm"),
}


def test_every_file_problem_code_has_its_words_in_both_languages() -> None:
    assert {code.value for code in FileProblemCode} == set(FILE_PROBLEM_WORDS)
    for code, (en, vi) in FILE_PROBLEM_WORDS.items():
        assert words.file_problem(7, "huong2016", code, "en") == f"Line 7, entry huong2016: {en}"
        assert words.file_problem(7, "huong2016", code, "vi") == f"Dòng 7, mục huong2016: {vi}"
        alone = words.file_problem(None, "", code, "vi")
        assert alone == vi[:1].upper() + vi[1:]


@pytest.mark.parametrize("code", [None, "", "a_code_of_a_later_version", ["no_title"]])
def test_a_problem_kept_without_a_known_code_reads_as_unreadable(code: JsonValue) -> None:
    assert words.file_problem(2, "", code, "vi") == "Dòng 2: không đọc được"
    assert words.file_problem(None, "", code, "en") == "It could not be read"


def test_the_api_gives_each_file_problem_its_code_and_the_page_its_words(
    hương: tuple[str, httpx.Client],
) -> None:
    expert_id, client = hương
    bib = (
        "@article{huong2019,\n  title = {Rừng ngập mặn ven biển Thái Bình},\n"
        "  author = {Nguyễn Thị Hương},\n  year = {2019}\n}\n\n"
        "@article{badyear,\n  title = {Đất phèn},\n  year = {sắp in}\n}\n"
    )
    api = f"/api/v1/experts/{expert_id}/imports/file"
    started = client.post(api, files={"file": ("mine.bib", bib.encode())}, headers=_csrf(client))
    assert started.status_code == 202, started.text
    assert started.json()["params"]["problems"] == [
        {
            "code": "bad_year",
            "line": 7,
            "entry": "badyear",
            "reason": 'The year "sắp in" is not a year.',
        }
    ]
    job_id = started.json()["id"]
    _wait(client, expert_id, job_id)
    page = client.get(f"/me/imports/jobs/{job_id}", headers=VI).text
    assert "<li>Dòng 7, mục badyear: năm ghi trong mục không phải là một năm</li>" in page
    refused = client.post(api, files={"file": ("empty.ris", b"Not RIS\n")}, headers=_csrf(client))
    assert refused.status_code == 422
    assert [(p["code"], p["line"]) for p in refused.json()["problems"]] == [
        ("outside_record", 1),
        ("no_entries", None),
    ]
