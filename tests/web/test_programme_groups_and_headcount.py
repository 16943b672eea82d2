"""A lead's programme form offers only the groups of the decision in force, and the role
editor sets how many experts a role needs, refusing a number out of range beside the field."""

import re

from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.web.browser import account, check_page, sign_in


def test_a_lead_targets_a_group_in_force_and_sets_the_roles_headcount(
    page: Page, store: Neo4jStore
) -> None:
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    page.goto("/lang/en?next=/programmes")
    groups = page.locator("input[name=groups]")
    expect(groups).to_have_count(10)
    values = {groups.nth(i).get_attribute("value") for i in range(10)}
    assert values == {f"qd21-2026:g{n:02d}" for n in range(1, 11)}
    page.get_by_label("Name of the programme").fill("Chương trình vi mạch quốc gia")
    page.get_by_label("6. Semiconductor chips").check()
    page.get_by_role("button", name="Create the programme").click()
    page.get_by_label("Title of the role").fill("Kỹ sư trưởng thiết kế vi mạch")
    page.get_by_role("button", name="Create the role").click()
    expect(page).to_have_url(re.compile(r"/roles/[^/]+/edit$"))
    role_path = page.url.split(page.url.split("/")[2], 1)[1]
    headcount = page.get_by_label("Experts needed")
    expect(headcount).to_have_value("1")
    headcount.fill("0")
    # Past the browser's own check (min="1"), as an older browser or a script would send it.
    page.locator("form.role-editor").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Save the role").click()
    expect(page.locator("#e-headcount")).to_have_text(
        "The number of experts is a whole number from 1 to 100."
    )
    page.get_by_label("Experts needed").fill("3")
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("status")).to_have_text("The role is saved.")
    expect(page.get_by_label("Experts needed")).to_have_value("3")
    check_page(page, "/programmes", "leads-programmes-groups")
    check_page(page, role_path, "leads-role-editor-headcount")
