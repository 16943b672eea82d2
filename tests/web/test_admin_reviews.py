"""The review pages name people and read as sentences: the queue names the two profiles of a
possible duplicate (and a claim's profile and claimant); the comparison says "neither has an
ORCID" rather than "missing on one profile" when both lack one, and lists the works both
profiles hold by title; a merge refused because both profiles have an owner says so as a
sentence with a link to each owner account; a merge's page says which profile went into which;
a profile with nothing but its e-mail confirmed is "not verified". Expected texts by hand."""

import re

import httpx
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Actor
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import ExpertCreate, ExpertRead
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue
from tests.accounts import PASSWORD, SignIn
from tests.web.browser import account, check_page, sign_in

SEEDER = Actor(id="test-seed", role="admin")
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}


def _text(response: httpx.Response) -> str:
    """The page's main text, markup removed and whitespace folded, as a reader sees it."""
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<[^>]+>", " ", html)
    return " ".join(body.replace("&#39;", "'").replace("&amp;", "&").split())


def _expert(store: Neo4jStore, name: str, **fields: object) -> ExpertRead:
    item = ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "nationality": "VN", **fields}
    )
    return service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)


def _pair(store: Neo4jStore) -> tuple[ExpertRead, ExpertRead, str]:
    older = _expert(store, "Hoàng Thị Lan", emails=["lan.hoang@example.org"])
    newer = _expert(store, "Hoang Thi Lan", emails=["lan@vnu.example.org"])
    for author, title in (
        (older.id, "Vật liệu bán dẫn hai chiều"),
        (older.id, "Cảm biến khí nano"),
        (newer.id, "Vat lieu ban dan hai chieu"),
    ):
        item = WorkCreate(title=title, author_ids=[author])
        service.create(repo=ResourceRepository(store, WORK), item=item, actor=SEEDER)
    candidate = Candidate(id=older.id, score=0.8, verdict=Verdict.REVIEW, full_name="x")
    return older, newer, ReviewQueue(store).add_duplicates(newer.id, [candidate])[0]


def _owner(store: Neo4jStore, expert: ExpertRead, email: str) -> AccountRead:
    item = AccountCreate(
        email=email, password=PASSWORD, role=Role.EXPERT, name=expert.full_name, expert_id=expert.id
    )
    return AccountRepository(store).create(item)


def _csrf(client: httpx.Client, path: str) -> dict[str, str]:
    """The CSRF header a form on `path` would send (its cookie is set by opening the page)."""
    assert client.get(path).status_code == 200
    return {"x-csrf-token": client.cookies["talent_csrf"]}


def test_the_queue_names_the_people_of_each_review(client: httpx.Client, store: Neo4jStore) -> None:
    _pair(store)
    vi = _text(client.get("/admin/reviews", headers=VI))
    assert "Hoang Thi Lan và Hoàng Thị Lan" in vi
    en = _text(client.get("/admin/reviews", headers=EN))
    assert "Hoang Thi Lan and Hoàng Thị Lan" in en
    assert "possible duplicate" in en


def test_the_comparison_says_neither_has_an_orcid_and_lists_shared_titles(
    client: httpx.Client, store: Neo4jStore
) -> None:
    _, _, review_id = _pair(store)
    vi = _text(client.get(f"/admin/reviews/{review_id}", headers=VI))
    assert "cả hai hồ sơ đều không có ORCID" in vi
    assert "một hồ sơ thiếu ORCID" not in vi
    assert "Các tiêu đề sau có ở cả hai hồ sơ" in vi
    assert "Vật liệu bán dẫn hai chiều" in vi
    en = _text(client.get(f"/admin/reviews/{review_id}", headers=EN))
    assert "neither has an ORCID" in en
    assert "ORCID missing on one profile" not in en
    shared = en.split("Works on both profiles", 1)[1]
    assert "Vật liệu bán dẫn hai chiều" in shared
    assert "Cảm biến khí nano" not in shared


def test_an_orcid_on_one_profile_only_is_missing_on_one(
    client: httpx.Client, store: Neo4jStore
) -> None:
    older = _expert(store, "Hoàng Thị Lan", orcid="0000-0002-1825-0097")
    newer = _expert(store, "Hoang Thi Lan")
    candidate = Candidate(id=older.id, score=0.8, verdict=Verdict.REVIEW, full_name="x")
    review_id = ReviewQueue(store).add_duplicates(newer.id, [candidate])[0]
    vi = _text(client.get(f"/admin/reviews/{review_id}", headers=VI))
    assert "một hồ sơ thiếu ORCID" in vi
    assert "cả hai hồ sơ đều không có ORCID" not in vi
    assert "Không có gì để so sánh: ít nhất một hồ sơ không có công trình nào." in vi


def test_a_merge_refused_for_two_owners_says_so_with_a_link_to_each_account(
    client: httpx.Client, store: Neo4jStore
) -> None:
    older, newer, review_id = _pair(store)
    first = _owner(store, older, "lan.owner@example.org")
    second = _owner(store, newer, "lan.other@example.org")
    path = f"/admin/reviews/{review_id}"
    headers = VI | _csrf(client, path)
    body = {"decision": "merge", "survivor_id": older.id}
    refused = client.post(f"{path}/decision", data=body, headers=headers)
    assert refused.status_code == 409
    text = _text(refused)
    assert (
        "Cả hai hồ sơ đều có tài khoản chủ sở hữu, mà mỗi hồ sơ chỉ giữ một chủ sở hữu. "
        "Hãy vô hiệu hoá tài khoản cần bỏ, rồi hợp nhất lại."
    ) in text
    assert (
        "Vô hiệu hoá tài khoản của Hoang Thi Lan (lan.other@example.org), "
        "chủ sở hữu hồ sơ của Hoang Thi Lan"
    ) in text
    for owner in (first, second):
        assert f'href="/admin/accounts?account={owner.id}#account-{owner.id}"' in refused.text
    shown = client.get(f"/admin/accounts?account={second.id}", headers=EN)
    assert shown.status_code == 200
    assert "lan.other@example.org" in _text(shown)
    assert "lan.owner@example.org" not in _text(shown)
    assert "Deactivate Hoang Thi Lan" in shown.text
    # Nothing was merged: the review is still open.
    assert ReviewQueue(store).get(review_id).decision is None


def test_a_merge_says_which_profile_went_into_which(
    client: httpx.Client, store: Neo4jStore
) -> None:
    older, _, review_id = _pair(store)
    path = f"/admin/reviews/{review_id}"
    headers = VI | _csrf(client, path)
    body = {"decision": "merge", "survivor_id": older.id}
    merged = client.post(f"{path}/decision", data=body, headers=headers, follow_redirects=True)
    assert merged.status_code == 200
    assert "Hồ sơ của Hoang Thi Lan đã được hợp nhất vào hồ sơ của Hoàng Thị Lan." in _text(merged)
    assert "Hồ sơ được hợp nhất vào" not in _text(merged)


def test_a_profile_with_only_its_email_confirmed_reads_not_verified(
    client: httpx.Client, store: Neo4jStore
) -> None:
    skills = [{"skill_id": "machine-learning", "level": 4}]
    expert = _expert(store, "Bùi Thị Mai", skills=skills, verification_grade=1)
    vi = _text(client.get(f"/admin/experts/{expert.id}", headers=VI))
    assert "chưa xác minh: chưa có thông tin nào được xác nhận" in vi
    assert "một phần" not in vi
    en = _text(client.get(f"/admin/experts/{expert.id}", headers=EN))
    assert "not verified: no claim is confirmed yet" in en
    assert "partly verified" not in en


def test_a_refused_decision_is_a_sentence(client: httpx.Client, store: Neo4jStore) -> None:
    _, _, review_id = _pair(store)
    path = f"/admin/reviews/{review_id}"
    headers = EN | _csrf(client, path)
    refused = client.post(f"{path}/decision", data={"decision": "approve"}, headers=headers)
    assert refused.status_code == 422
    assert "A duplicate review is decided by distinct or merge." in _text(refused)


def test_who_may_open_the_review_pages(as_role: SignIn, store: Neo4jStore) -> None:
    _, _, review_id = _pair(store)
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        caller = as_role(role)
        api = caller.get("/api/v1/reviews").status_code
        assert api == 403
        for path in ("/admin/reviews", f"/admin/reviews/{review_id}", "/admin/accounts"):
            assert caller.get(path).status_code == api, (role, path)


def test_the_refused_merge_and_the_account_it_links_in_a_browser(
    page: Page, store: Neo4jStore
) -> None:
    older, newer, review_id = _pair(store)
    _owner(store, older, "lan.owner@example.org")
    second = _owner(store, newer, "lan.other@example.org")
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, "/admin/reviews", "admin-reviews-named")
    check_page(page, f"/admin/reviews/{review_id}", "admin-review-works")
    page.get_by_label(f"Profile 2: {older.full_name}").check()
    page.get_by_role("button", name="Merge them").click()
    expect(page.get_by_role("alert")).to_contain_text("Both profiles have an owner account")
    page.get_by_role("link", name=re.compile("lan.other@example.org")).click()
    expect(page.locator(f"#account-{second.id}")).to_contain_text("lan.other@example.org")
    check_page(page, f"/admin/accounts?account={second.id}", "admin-account-one")
