"""Signing in with ORCID in a browser: an expert on /me/imports clicks "Sign in with ORCID", is
sent to ORCID's sign-in page (the local ORCID of the test run), authorizes, comes back, and
sees the iD linked as proven through ORCID (not self-declared); an answer whose state was
tampered with is refused with a page in the expert's language, and links nothing. The app of
the run has ORCID client credentials (tests/conftest.py sets them for every process)."""

import re

import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.imports import service
from tests.sources.server import SourceServer
from tests.web.browser import account, check_page, sign_in

ORCID = "0000-0002-1234-5677"  # the iD the local ORCID vouches for
PAGE = "/me/imports"
STATE_REFUSED = {
    "vi": "Phản hồi đăng nhập này không thuộc trình duyệt này, đã hết hạn hoặc đã được dùng, "
    "nên chưa có gì được liên kết. Hãy bắt đầu lại từ trang nhập công trình.",
    "en": "This sign-in answer does not belong to this browser, has expired or was already "
    "used, so nothing was linked. Start again from your imports page.",
}
SIGN_IN_BUTTON = {"vi": "Đăng nhập bằng ORCID", "en": "Sign in with ORCID"}


def _expert(page: Page, store: Neo4jStore, locale: str) -> str:
    """A signed-in expert with a profile of their own, reading in `locale`, on their imports."""
    item = ExpertCreate.model_validate({"full_name": "Nguyễn Thị Hương", "country": "VN"})
    expert_id = ExpertRepository(store).insert(item)
    sign_in(page, account(store, Role.EXPERT, expert_id=expert_id))
    page.goto(f"/lang/{locale}?next={PAGE}")
    return expert_id


def _to_orcid(page: Page, source_server: SourceServer, locale: str) -> None:
    page.get_by_role("link", name=SIGN_IN_BUTTON[locale]).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(source_server.url)}/orcid-site/oauth/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_an_expert_signs_in_with_orcid_and_sees_the_id_proven(
    page: Page, store: Neo4jStore, source_server: SourceServer
) -> None:
    expert_id = _expert(page, store, "vi")
    expect(page.locator("#identifiers")).to_contain_text("Chưa có mã định danh nào được liên kết.")
    _to_orcid(page, source_server, "vi")
    page.get_by_role("button", name="Authorize").click()
    expect(page).to_have_url(re.compile(rf"{PAGE}\?done=proven#identifiers$"))
    expect(page.get_by_role("status")).to_contain_text(
        "ORCID đã xác nhận iD này là của bạn: iD được liên kết và ghi là đã xác thực qua ORCID."
    )
    card = page.locator("#identifiers .xp-identifier")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(ORCID)
    expect(card.locator(".tag.verified")).to_have_text("đã xác thực qua ORCID")
    expect(card.get_by_text("tự khai", exact=True)).to_have_count(0)
    [linked] = service.identifiers(store, expert_id)
    assert (linked.value, linked.authenticated) == (ORCID, True)
    # ORCID was asked for the token once, with the code its page gave back.
    [token] = source_server.seen("/orcid-site/oauth/token")
    assert "code=good-code" in token.body.decode()
    check_page(page, PAGE, "expert-imports-orcid-proven")


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_a_tampered_state_is_refused_in_the_experts_language(
    page: Page, store: Neo4jStore, source_server: SourceServer, locale: str
) -> None:
    expert_id = _expert(page, store, locale)
    _to_orcid(page, source_server, locale)
    # Someone changes the state the answer carries back.
    state = page.locator("input[name=state]")
    original = state.input_value()
    state.evaluate("(input) => { input.value += 'x' }")
    with page.expect_response(lambda r: "/orcid/callback" in r.url) as answer:
        page.get_by_role("button", name="Authorize").click()
    assert answer.value.status == 400
    expect(page.locator("html")).to_have_attribute("lang", locale)
    expect(page.get_by_role("alert")).to_have_text(STATE_REFUSED[locale])
    assert service.identifiers(store, expert_id) == []
    assert source_server.seen("/orcid-site/oauth/token") == []
    # The state was dropped with the refusal: the untampered answer is refused too.
    response = page.goto(f"{PAGE}/orcid/callback?code=good-code&state={original}")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_have_text(STATE_REFUSED[locale])
    assert service.identifiers(store, expert_id) == []
