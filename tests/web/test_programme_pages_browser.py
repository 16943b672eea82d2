"""A lead manages a programme in the browser, through the pages only: adds a contractor, closes
the programme and undoes it, edits it, runs a role's full match with weights of their own, and
reaches the confirmations of deleting a role and the programme. Each page is axe-clean in both
languages at 360 and 1280 px (screenshots in artifacts/screenshots/) and does not scroll
sideways on a phone."""

import re

from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.web.browser import account, check_page, sign_in

SYSTEM = Actor(id="test", role="admin")
ORG = "Công ty Cổ phần Vi mạch Sài Gòn"


def _no_sideways_scroll(page: Page, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 900})
    for locale in ("vi", "en"):
        page.goto(f"/lang/{locale}?next={path}")
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 360, (path, locale, wide)


def test_a_lead_manages_a_programme_through_its_pages(page: Page, store: Neo4jStore) -> None:
    repo = ResourceRepository(store, ORGANIZATION)
    service.create(repo=repo, item=OrganizationCreate(name=ORG, country="VN"), actor=SYSTEM)
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    page.goto("/lang/en?next=/programmes")
    page.get_by_label("Name of the programme").fill("Chương trình vi mạch quốc gia")
    page.get_by_label("6. Semiconductor chips").check()
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chương trình vi mạch quốc gia")
    programme_path = page.url.split(page.url.split("/")[2], 1)[1]
    groups = page.locator("section[aria-labelledby=groups] li")
    expect(groups).to_have_text(["6. Semiconductor chips"])

    page.get_by_label("Add a contractor (the organisation's name)").fill("Vi mach Sai Gon")
    page.get_by_role("button", name="Add the contractor").click()
    expect(page.locator("#e-add")).to_contain_text("No organisation has this name")
    page.get_by_label("Add a contractor (the organisation's name)").fill(ORG.lower())
    page.get_by_role("button", name="Add the contractor").click()
    expect(page.get_by_role("status")).to_have_text("The contractor is added.")
    expect(page.locator(".programme-contractors li")).to_have_text([f"{ORG} Remove {ORG}"])

    page.get_by_role("button", name="Close the programme").click()
    expect(page.get_by_role("status")).to_contain_text("The programme is closed.")
    expect(page.locator(".tag").first).to_have_text("closed")
    page.get_by_role("button", name="Undo: reopen it").click()
    expect(page.get_by_role("status")).to_have_text("The programme is open again.")
    expect(page.locator(".tag").first).to_have_text("planned")

    page.get_by_role("link", name="Edit the programme").click()
    expect(page.get_by_label("Contractors")).to_have_value(ORG)
    page.get_by_label("Status").select_option("active")
    page.get_by_label("1. Digital technology", exact=False).check()
    page.get_by_role("button", name="Save the programme").click()
    expect(page.get_by_role("status")).to_have_text("The programme is saved.")
    expect(groups).to_have_text(
        [
            "1. Digital technology (AI, big data, digital twins, cloud, edge computing, IoT, "
            "blockchain)",
            "6. Semiconductor chips",
        ]
    )
    page.goto(f"/lang/vi?next={programme_path}")
    expect(groups).to_have_text(["1. Công nghệ số", "6. Công nghệ chip bán dẫn"])
    page.goto(f"/lang/en?next={programme_path}")

    page.get_by_label("Title of the role").fill("Kỹ sư trưởng thiết kế vi mạch")
    page.get_by_role("button", name="Create the role").click()
    expect(page).to_have_url(re.compile(r"/roles/[^/]+/edit$"))
    role_path = page.url.split(page.url.split("/")[2], 1)[1]
    role_id = role_path.split("/")[2]
    weights = page.locator("section.role-weights")
    expect(weights.get_by_label("Skills", exact=True)).to_have_value("0.35")
    weights.get_by_label("Skills", exact=True).fill("2")
    weights.locator("form").evaluate("form => { form.noValidate = true; }")
    weights.get_by_role("button", name="Run a full match with these weights").click()
    expect(page.locator("#e-skill")).to_have_text("A weight is a number from 0 to 1.")
    page.locator("section.role-weights").get_by_label("Skills", exact=True).fill("0.6")
    page.get_by_role("button", name="Run a full match with these weights").click()
    expect(page).to_have_url(re.compile(rf"/roles/{role_id}/jobs/[^/]+$"))

    for path, name in [
        (programme_path, "leads-programme-managed"),
        (f"{programme_path}/edit", "leads-programme-edit"),
        (f"{programme_path}/delete", "leads-programme-delete"),
        (f"/roles/{role_id}/delete", "leads-role-delete"),
        (role_path, "leads-role-editor-weights"),
    ]:
        check_page(page, path, name)
        _no_sideways_scroll(page, path)

    page.goto(f"/lang/en?next=/roles/{role_id}/delete")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delete the role Kỹ sư trưởng thiết kế vi mạch?"
    )
    page.get_by_role("button", name="Delete permanently").click()
    # The run just started belongs to the role: the box is needed, and said so.
    expect(page.get_by_role("alert")).to_have_text(
        "Nothing was deleted: tick the box to delete all that is listed with it."
    )
    page.get_by_label("Also delete everything listed above").check()
    page.get_by_role("button", name="Delete permanently").click()
    expect(page.get_by_role("status")).to_have_text("The role is deleted.")
    expect(page.get_by_text("This programme has no role yet.")).to_be_visible()
