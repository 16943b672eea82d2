"""A programme lead's pages: programmes and roles, the role editor with skills picked by name,
matches explained, shortlist and rejection, a full match job followed live, stored runs; and
another lead's programme answering 404."""

import re

import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.demo.generator import DemoGenerator
from talent.demo.seeding import seed_demo
from tests.web.browser import account, check_page, sign_in

EXPERTS = 300


def _skills_of_a_demo_role() -> tuple[dict[str, str], dict[str, str]]:
    """The first two required skills of a demo chief engineer's role, as {en, vi} names: demo
    experts of that group hold them, so a role requiring them has candidates."""
    generator = DemoGenerator(5)
    (_, roles) = generator.programmes(1)[0]
    first, second = (r.skill_id for r in roles[0][1].requirements[:2])
    by_id = {s["id"]: s for s in generator.skills}
    return (
        {"en": by_id[first]["en"], "vi": by_id[first]["vi"]},
        {"en": by_id[second]["en"], "vi": by_id[second]["vi"]},
    )


@pytest.fixture
def seeded(store: Neo4jStore) -> Neo4jStore:
    seed_demo(store, EXPERTS, seed=5)
    return store


def _create_programme_and_role(page: Page) -> str:
    """Through the pages; the role editor's path."""
    page.goto("/lang/en?next=/programmes")
    expect(page.get_by_role("heading", level=1)).to_have_text("My programmes")
    page.get_by_label("Name of the programme").fill("Chương trình vi mạch quốc gia")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chương trình vi mạch quốc gia")
    page.get_by_label("Title of the role").fill("Kỹ sư trưởng thiết kế vi mạch")
    page.get_by_role("button", name="Create the role").click()
    expect(page).to_have_url(re.compile(r"/roles/[^/]+/edit$"))
    return page.url.split("/roles/")[1].split("/")[0]


def _pick_skills(page: Page, first: dict[str, str], second: dict[str, str]) -> None:
    """The first skill typed in part and picked from the type-ahead (Vietnamese), the second
    typed whole in English; a name that is no skill gets an error beside it first."""
    skill1 = page.get_by_label("Skill 1", exact=True)
    skill1.press_sequentially(first["vi"][:-2], delay=20)
    expect(page.locator("#skill-options option").first).to_have_attribute("value", re.compile(".+"))
    assert first["en"] in page.locator("#skill-options").inner_html()
    skill1.fill(first["vi"])
    page.locator("#f-must_0").check()
    page.get_by_label("Skill 2", exact=True).fill("zzz not a skill at all")
    page.get_by_label("Organisations to exclude").fill("Viện Không Có Thật")
    page.get_by_role("button", name="Save the role").click()
    expect(page.locator("#e-skill_1")).to_contain_text("No skill of the taxonomy has this name.")
    expect(page.locator("#e-excluded")).to_contain_text("Viện Không Có Thật")
    # An organisation typed without its diacritics is found by name.
    page.get_by_label("Organisations to exclude").fill("Dai hoc Bach khoa Ha Noi")
    expect(page.get_by_label("Skill 2", exact=True)).to_have_value("zzz not a skill at all")
    expect(page.get_by_label("Skill 1", exact=True)).to_have_value(first["vi"])
    page.get_by_label("Skill 2", exact=True).fill(second["en"])
    page.locator("#f-level_1").select_option("2")
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("status")).to_have_text("The role is saved.")
    # Saved and shown by name in the viewer's language, the must-have with its skill.
    saved = {page.locator(f"#f-skill_{i}").input_value(): i for i in (0, 1)}
    assert set(saved) == {first["en"], second["en"]}
    expect(page.locator(f"#f-must_{saved[first['en']]}")).to_be_checked()
    expect(page.locator(f"#f-must_{saved[second['en']]}")).not_to_be_checked()
    expect(page.get_by_label("Organisations to exclude")).to_have_value("Đại học Bách khoa Hà Nội")


def _decide(page: Page) -> tuple[str, str, str]:
    """Shortlist the first candidate and reject the second, its reason missing at first."""
    first = page.locator("li.candidate").nth(0)
    expect(first.locator(".summary")).to_contain_text(
        re.compile(r"meets 1 of 1 must-haves and [01] of 1 other skills; .*works? on the topic")
    )
    shortlisted = _name(page, 0)
    first.get_by_label(re.compile("Reason for your decision")).fill("Deep chip design record")
    first.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_role("status")).to_have_text("The candidate is shortlisted.")
    # Ranks may move once someone is on the team: the second is read only now.
    rejected = _name(page, 1)
    second = page.locator("li.candidate").nth(1)
    rejected_id = str(second.locator("form.decide [name=expert_id]").get_attribute("value"))
    second.get_by_role("button", name="Reject").click()
    second = page.locator("li.candidate", has=page.locator(".error"))
    expect(second.locator("form.decide [name=expert_id]")).to_have_value(rejected_id)
    expect(second.locator(".error")).to_have_text("Write the reason, in a few words at least.")
    second.get_by_label(re.compile("Reason for your decision")).fill("Too far from the topic")
    second.get_by_role("button", name="Reject").click()
    # Nothing is rejected before the lead confirms, on a page that names the candidate.
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Reject {rejected} for ")
    expect(page.locator("#current")).to_have_text("Decision now: none yet")
    expect(page.get_by_label("Reason for the rejection")).to_have_value("Too far from the topic")
    page.get_by_role("button", name="Yes, reject the candidate").click()
    expect(page.get_by_role("status")).to_have_text(
        "The candidate is rejected; later matches leave them out."
    )
    decisions = page.locator("section[aria-labelledby=decisions] tbody tr")
    expect(decisions).to_have_count(2)
    expect(decisions.filter(has_text=shortlisted)).to_contain_text("Shortlisted")
    expect(decisions.filter(has_text=rejected)).to_contain_text("Too far from the topic")
    return shortlisted, rejected, rejected_id


def _name(page: Page, position: int) -> str:
    return page.locator("li.candidate h3").nth(position).inner_text().split(". ", 1)[1]


def test_a_lead_builds_a_role_by_skill_names_decides_on_candidates_and_runs_a_full_match(
    page: Page, seeded: Neo4jStore
) -> None:
    first, second = _skills_of_a_demo_role()
    lead = account(seeded, Role.PROGRAMME_LEAD)
    sign_in(page, lead)
    role_id = _create_programme_and_role(page)
    programme_path = page.locator(".crumbs a").nth(1).get_attribute("href")
    _pick_skills(page, first, second)
    page.get_by_role("link", name="See the matches for this role").click()
    shortlisted, _, rejected_id = _decide(page)
    # The rejected expert is proposed no more; the shortlisted one stays.
    page.reload()
    expect(page.locator(f"li.candidate [name=expert_id][value='{rejected_id}']")).to_have_count(0)
    # Who works at the excluded organisation now is left out, with it named.
    page.get_by_role("link", name="conflict of interest").click()
    expect(page.locator("tbody tr").first).to_contain_text("Works now at: Đại học Bách khoa Hà Nội")
    page.go_back()
    # Each card shows the decision taken on it.
    expect(page.locator("li.candidate").first.locator(".decided")).to_have_text("Shortlisted")
    shortlisted_id = (
        page.locator("li.candidate")
        .first.locator("form.decide [name=expert_id]")
        .get_attribute("value")
    )
    page.get_by_role("button", name="Run a full match").click()
    expect(page).to_have_url(re.compile(r"/jobs/"))
    job_path = page.url.split(page.url.split("/")[2], 1)[1]
    expect(page.locator("#job-state")).to_contain_text("Finished", timeout=30_000)
    # The page followed the job to its end: the cancel button went with it.
    expect(page.locator("form[action$='/cancel']")).to_have_count(0)
    expect(page.locator("#job-outcome")).to_contain_text("The match ended on ")
    page.get_by_role("link", name="See the stored candidates").click()
    expect(page.locator("li.candidate").first).to_contain_text(shortlisted)
    run_path = page.url.split(page.url.split("/")[2], 1)[1]
    for path, name in [
        ("/programmes", "leads-programmes"),
        (programme_path or "/programmes", "leads-programme"),
        (f"/roles/{role_id}/edit", "leads-role-editor"),
        (f"/roles/{role_id}/matches?k=3", "leads-matches"),
        (f"/roles/{role_id}/exclusions", "leads-exclusions"),
        (f"/roles/{role_id}/exclusions?reason=rejected_by_lead", "leads-exclusions-rejected"),
        (f"/roles/{role_id}/reject?expert_id={shortlisted_id}", "leads-confirm-reject"),
        (job_path, "leads-job"),
        (f"/roles/{role_id}/runs", "leads-runs"),
        (run_path, "leads-run"),
    ]:
        check_page(page, path, name)


def test_another_leads_programme_and_role_pages_answer_404_and_an_admin_sees_them(
    page: Page, store: Neo4jStore
) -> None:
    owner = account(store, Role.PROGRAMME_LEAD)
    sign_in(page, owner)
    role_id = _create_programme_and_role(page)
    programme_path = page.locator(".crumbs a").nth(1).get_attribute("href")
    page.context.clear_cookies()
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    for path in (programme_path, f"/roles/{role_id}/edit", f"/roles/{role_id}/matches"):
        response = page.goto(str(path))
        assert response is not None
        assert response.status == 404, path
    page.goto("/lang/en?next=/programmes")
    expect(page.get_by_text("You lead no programme yet")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, account(store, Role.MINISTRY))
    # Ministry staff read every programme and role (as the API lets them), and edit none.
    assert page.request.get("/programmes").status == 200
    assert page.request.get(f"/roles/{role_id}/matches").status == 403
    page.context.clear_cookies()
    sign_in(page, account(store, Role.ADMIN))
    response = page.goto(f"/roles/{role_id}/edit")
    assert response is not None
    assert response.status == 200
