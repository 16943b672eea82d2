"""The administrators' pages in a browser: a duplicate pair merged from the side-by-side view
and the merge undone; accounts created, deactivated and reactivated; claims verified; the
audit log filtered. Every page is checked in both languages at both widths with axe-core."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Actor
from talent.core.types import Source
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import ExpertCreate, ExpertRead, ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue
from tests.web.browser import PASSWORD, account, check_page, sign_in
from tests.web.test_experts import mailed_link

SEEDER = Actor(id="test-seed", role="admin")


def _expert(store: GraphStore, **fields: object) -> ExpertRead:
    item = ExpertCreate.model_validate({"country": "VN", "nationality": "VN", **fields})
    return service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)


def _pair(store: GraphStore) -> tuple[ExpertRead, ExpertRead, str]:
    """Two profiles of one person, the second registered later, queued for review."""
    org = service.create(
        repo=ResourceRepository(store, ORGANIZATION),
        item=OrganizationCreate(name="Đại học Bách khoa Hà Nội", kind="university", country="VN"),
        actor=SEEDER,
    )
    affiliation = [{"organization_id": org.id, "title": "Giảng viên"}]
    older = _expert(
        store,
        full_name="Nguyễn Văn Ánh",
        birth_year=1980,
        orcid="0000-0002-1825-0097",
        emails=["anh.nguyen@example.org"],
        skills=[{"skill_id": "machine-learning", "level": 4}],
        affiliations=affiliation,
    )
    newer = _expert(
        store,
        full_name="Nguyen Van Anh",
        birth_year=1980,
        orcid="0000-0001-5109-3700",
        emails=["anh.nguyen@example.org", "anh@hust.example.org"],
        skills=[
            {"skill_id": "machine-learning", "level": 5},
            {"skill_id": "computer-vision", "level": 3},
        ],
        affiliations=affiliation,
    )
    candidate = Candidate(id=older.id, score=0.9, verdict=Verdict.REVIEW, full_name="x")
    review_id = ReviewQueue(store).add_duplicates(newer.id, [candidate])[0]
    return older, newer, review_id


def test_an_admin_merges_a_duplicate_pair_side_by_side_and_undoes_it(
    page: Page, store: GraphStore
) -> None:
    older, newer, review_id = _pair(store)
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, "/admin/reviews", "admin-reviews")
    # check_page ends in English: the queue names the two people.
    page.get_by_role("link", name=f"{newer.full_name} and {older.full_name}").click()
    expect(page).to_have_url(re.compile(f"/admin/reviews/{review_id}$"))
    check_page(page, f"/admin/reviews/{review_id}", "admin-review")
    # check_page ends in English.
    agreeing = page.locator("table.adm-compare tr.adm-agree th")
    expect(agreeing).to_contain_text(["Name", "Birth year", "E-mails", "Skills", "Affiliations"])
    expect(page.locator("table.adm-compare tr", has_text="ORCID")).to_contain_text("differs")
    expect(page.locator("table.adm-compare mark", has_text="anh.nguyen@example.org")).to_have_count(
        2
    )
    expect(page.locator("table.adm-compare mark", has_text="anh@hust")).to_have_count(0)

    page.get_by_label(f"Profile 1: {newer.full_name}").check()
    page.get_by_role("button", name="Merge them").click()
    expect(page.get_by_role("status")).to_contain_text("The profiles were merged")
    merged = ExpertRepository(store).get(older.id)
    assert merged.status is ExpertStatus.MERGED
    assert merged.merged_into == newer.id
    check_page(page, urlsplit(page.url).path, "admin-merge")

    page.get_by_role("button", name="Undo the merge").click()
    expect(page.get_by_role("status")).to_contain_text("The merge was undone")
    expect(page.get_by_text("undone", exact=False).first).to_be_visible()
    restored = ExpertRepository(store).get(older.id)
    assert restored.status is ExpertStatus.ACTIVE
    assert restored.merged_into is None
    assert ExpertRepository(store).get(newer.id).skills == newer.skills


def test_an_admin_rejects_a_claim_no_email_could_prove(page: Page, store: GraphStore) -> None:
    profile = _expert(store, full_name="Phạm Quốc Huy", emails=["huy.pham@example.org"])
    claimant = AccountRepository(store).create_pending(
        email="huy.other@example.org", name="Phạm Huy", expert_id=None, expires_at=None
    )
    review_id = ReviewQueue(store).add_claim(profile.id, claimant)
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, f"/admin/reviews/{review_id}", "admin-claim")
    expect(page.get_by_role("region", name="Who claims it")).to_contain_text(
        "huy.other@example.org"
    )
    page.get_by_role("button", name="Reject the claim").click()
    expect(page.get_by_role("status")).to_have_text("The review was decided.")
    expect(page.get_by_text("Decided: rejected")).to_be_visible()
    assert AccountRepository(store).standing(claimant).closed_at is not None


def test_an_admin_invites_deactivates_and_reactivates_an_account(
    page: Page, store: GraphStore, base_url: str
) -> None:
    admin = account(store, Role.ADMIN)
    sign_in(page, admin)
    check_page(page, "/admin/accounts", "admin-accounts")
    form = page.locator("form[action='/admin/accounts']")
    expect(form.get_by_label(re.compile("^Password"))).to_have_count(0)
    form.get_by_label("Role").select_option("ministry")
    form.get_by_label("Name").fill("Trần Thị Bình")
    form.get_by_label("E-mail").fill("binh.tran@")
    form.get_by_role("button", name="Create the account and mail the invitation").click()
    expect(page.locator("#e-email")).to_have_text(
        "Enter an e-mail address, such as name@example.org."
    )
    expect(form.get_by_label("Name")).to_have_value("Trần Thị Bình")
    form.get_by_label("E-mail").fill("binh.tran@example.org")
    form.get_by_role("button", name="Create the account and mail the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("an invitation mailed to its address")
    [made] = [a for a in _accounts(store) if a.email == "binh.tran@example.org"]

    # The person sets their password through the mailed link, then signs in.
    link = mailed_link("binh.tran@example.org", base_url)
    page.locator("form[action='/logout'] button").click()
    page.goto(link)
    page.get_by_label(re.compile("^(New password|Mật khẩu mới)")).fill(PASSWORD)
    page.get_by_label(re.compile("^(The new password again|Nhập lại)")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    sign_in(page, made)
    page.locator("form[action='/logout'] button").click()

    sign_in(page, admin)
    page.goto("/admin/accounts")
    row = page.locator("tr", has_text="binh.tran@example.org")
    row.get_by_role("button", name="Deactivate Trần Thị Bình").click()
    expect(page.get_by_role("status")).to_contain_text("The account was deactivated")
    assert not AccountRepository(store).get(made.id).active
    row.get_by_role("button", name="Reactivate Trần Thị Bình").click()
    expect(page.get_by_role("status")).to_contain_text("The account was reactivated")
    assert AccountRepository(store).get(made.id).active
    expect(row).to_contain_text("active")


def test_the_last_admin_cannot_deactivate_themselves(page: Page, store: GraphStore) -> None:
    admin = account(store, Role.ADMIN)
    sign_in(page, admin)
    page.goto("/lang/en?next=/admin/accounts")
    page.locator("tr", has_text=admin.email).get_by_role("button", name=re.compile("Deact")).click()
    expect(page.get_by_role("alert")).to_contain_text("The last active admin cannot")
    assert AccountRepository(store).get(admin.id).active


def test_an_admin_verifies_claims_and_finds_it_in_the_audit_log(
    page: Page, store: GraphStore
) -> None:
    expert = _expert(
        store,
        full_name="Lê Minh Châu",
        skills=[
            {"skill_id": "machine-learning", "level": 4},
            {"skill_id": "computer-vision", "level": 3},
        ],
    )
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, f"/admin/experts/{expert.id}", "admin-expert")
    page.get_by_role("button", name="Verify the claims picked").click()
    expect(page.locator("#e-claims")).to_contain_text("Pick at least one")
    page.get_by_label(re.compile("^Machine learning")).check()
    page.get_by_label("Confirmed by").select_option("institution_confirmed")
    page.get_by_role("button", name="Verify the claims picked").click()
    expect(page.get_by_role("status")).to_have_text("The claims you picked are verified.")
    skills = {s.skill_id: s.source for s in ExpertRepository(store).get(expert.id).skills}
    assert skills == {
        "machine-learning": Source.INSTITUTION_CONFIRMED,
        "computer-vision": Source.SELF_DECLARED,
    }

    check_page(page, f"/admin/audit?target={expert.id}", "admin-audit")
    page.get_by_label("Kind of event").select_option("expert.verify")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".adm-log-entry")).to_have_count(1)
    expect(page.locator(".adm-log-entry")).to_contain_text(
        "(administrator) verified claims on the profile of Lê Minh Châu."
    )
    expect(page.locator(".adm-log-details")).to_contain_text(
        "Confirmed by: confirmed by an institution"
    )
    expect(page.locator(".adm-log-details")).to_contain_text("Skills: Machine learning")
    page.goto("/admin/audit?action=no.such.action")
    expect(page.locator("#e-action")).to_have_text("Choose one of the kinds of event.")


def test_other_roles_may_not_open_the_admin_pages(page: Page, store: GraphStore) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    for path in ("/admin/accounts", "/admin/reviews", "/admin/audit"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 403


def _accounts(store: GraphStore) -> list[AccountRead]:
    return AccountRepository(store).page(after="", limit=100)
