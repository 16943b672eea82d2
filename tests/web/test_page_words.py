"""Words on Vietnamese pages: taxonomy labels in Vietnamese (never the English label of a skill
that has a Vietnamese one), countries by name, one word per skill level on every form, dates as
06/12/2026 09:12 (Vietnam time)."""

import re
from datetime import UTC, date, datetime

from playwright.sync_api import Page, expect

from api.web import i18n, words
from graph import GraphStore
from talent.accounts.models import Role
from talent.duplicates.scoring import Candidate, Verdict
from talent.reviews.queue import ReviewQueue
from talent.taxonomy.bundled import bundled
from tests.web.browser import account, check_page, sign_in
from tests.web.test_admin import _expert

# Skills whose labels differ between the languages, in the bundled taxonomy.
SKILLS = ("machine-learning", "computer-vision")
# The scale, written out by hand: what each level must read on every page.
VI_LEVELS = {1: "Cơ bản", 2: "Khá", 3: "Thành thạo", 4: "Chuyên sâu", 5: "Đầu ngành"}
EN_LEVELS = {1: "Basic", 2: "Competent", 3: "Proficient", 4: "Specialist", 5: "Leading"}
VI_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")


def _labels() -> dict[str, tuple[str, str]]:
    found = {s["id"]: (s["en"], s["vi"]) for s in bundled()["skills"] if s["id"] in SKILLS}
    assert all(en != vi for en, vi in found.values()), found
    return found


def _no_english_labels(page: Page) -> str:
    """The main text, which names each skill in Vietnamese and none in English."""
    main = page.locator("main").inner_text()
    for en, vi in _labels().values():
        assert vi in main
        assert en not in main
    return main


def test_dates_read_as_officials_write_them() -> None:
    at = int(datetime(2026, 12, 6, 2, 12, 12, tzinfo=UTC).timestamp() * 1000)
    # Stored in UTC, shown on Vietnam's clocks (UTC+7).
    assert i18n.moment(at, "vi") == "06/12/2026 09:12"
    assert i18n.moment(at, "en") == "6 Dec 2026 09:12"
    late = int(datetime(2026, 12, 5, 20, 0, tzinfo=UTC).timestamp() * 1000)
    assert i18n.moment(late, "vi") == "06/12/2026 03:00"
    assert i18n.day(date(2026, 12, 6), "vi") == "06/12/2026"
    assert i18n.day("2026-12-06T08:00:00Z", "en") == "6 Dec 2026"


def test_levels_countries_and_sorting_words() -> None:
    assert {n: words.level_word(n, "vi") for n in range(1, 6)} == VI_LEVELS
    assert {n: words.level_word(n, "en") for n in range(1, 6)} == EN_LEVELS
    assert words.level_named(3, "vi") == "3 · Thành thạo"
    assert words.country_name("JP", "vi") == "Nhật Bản"
    assert words.country_name("US", "en") == "United States"
    # Letters first, accents folded ("Ăn mòn" before "An toàn"), then the accent breaks a tie.
    names = ["Điện tử", "Dữ liệu", "Cà", "Ca", "An toàn", "Ăn mòn"]
    expected = ["Ăn mòn", "An toàn", "Ca", "Cà", "Điện tử", "Dữ liệu"]
    assert sorted(names, key=words.sort_key) == expected


def test_admin_expert_and_review_pages_name_skills_and_countries_in_vietnamese(
    page: Page, store: GraphStore
) -> None:
    skills = [
        {"skill_id": "machine-learning", "level": 5},
        {"skill_id": "computer-vision", "level": 3},
    ]
    older = _expert(store, full_name="Nguyễn Thị Hoa", birth_year=1985, skills=skills[:1])
    newer = _expert(store, full_name="Nguyen Thi Hoa", birth_year=1985, country="JP", skills=skills)
    candidate = Candidate(id=older.id, score=0.9, verdict=Verdict.REVIEW, full_name="x")
    review_id = ReviewQueue(store).add_duplicates(newer.id, [candidate])[0]
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, f"/admin/experts/{newer.id}", "words-admin-expert")
    check_page(page, f"/admin/reviews/{review_id}", "words-admin-review")

    page.goto(f"/lang/vi?next=/admin/experts/{newer.id}")
    main = _no_english_labels(page)
    assert "Nhật Bản" in main
    assert "5 · Đầu ngành" in main
    assert "3 · Thành thạo" in main
    # Sorted by the Vietnamese label: Học máy before Thị giác máy tính.
    en_ml, vi_ml = _labels()["machine-learning"]
    assert main.index(vi_ml) < main.index(_labels()["computer-vision"][1])

    page.goto(f"/lang/vi?next=/admin/reviews/{review_id}")
    main = _no_english_labels(page)
    assert "Nhật Bản" in main
    assert VI_DATE.search(main), main
    page.goto(f"/lang/en?next=/admin/reviews/{review_id}")
    main = page.locator("main").inner_text()
    assert en_ml in main
    assert "Japan" in main
    assert "5 · Leading" in main


def _level_options(page: Page, select: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{select} option").all_text_contents()]


def test_each_level_has_one_word_on_registration_search_and_the_role_editor(
    page: Page, store: GraphStore
) -> None:
    expected = {
        "vi": [f"{n} · {w}" for n, w in VI_LEVELS.items()],
        "en": [f"{n} · {w}" for n, w in EN_LEVELS.items()],
    }
    for locale, options in expected.items():
        page.goto(f"/lang/{locale}?next=/register")
        assert _level_options(page, "#f-skill_0_level") == options
        assert [t.strip() for t in page.locator(".xp-levels dt").all_text_contents()] == options

    sign_in(page, account(store, Role.MINISTRY))
    for locale, options in expected.items():
        page.goto(f"/lang/{locale}?next=/search")
        assert _level_options(page, "#f-min_level") == options
    check_page(page, "/search", "words-search-levels")

    page.context.clear_cookies()
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    page.goto("/lang/en?next=/programmes")
    page.get_by_label("Name of the programme").fill("Chương trình vi mạch quốc gia")
    page.get_by_role("button", name="Create the programme").click()
    page.get_by_label("Title of the role").fill("Kỹ sư trưởng thiết kế vi mạch")
    page.get_by_role("button", name="Create the role").click()
    expect(page).to_have_url(re.compile(r"/roles/[^/]+/edit$"))
    path = "/roles/" + page.url.split("/roles/")[1]
    for locale, options in expected.items():
        page.goto(f"/lang/{locale}?next={path}")
        assert _level_options(page, "#f-level_0") == options
    check_page(page, path, "words-role-editor-levels")


def test_an_area_s_own_word_wins_on_its_pages() -> None:
    # "active" is a programme under way on a lead's page and an account in use on an admin's.
    assert i18n.translations("vi", "leads").gettext("active") == "đang triển khai"
    assert i18n.translations("vi", "admin").gettext("active") == "đang hoạt động"
