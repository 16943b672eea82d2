"""The experts' forms over HTTP: a failed submit answers with an error summary at the top of
the page that names each field and links to it, in the page's language (Vietnamese written out
by hand), on registration, profile edit, works, claim and password reset."""

import re
from collections.abc import Mapping

import httpx
from playwright.sync_api import Page, expect

from api.web.session import CSRF_COOKIE, CSRF_FIELD
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.web.browser import SCREENSHOTS, serious_violations

_SUMMARY = re.compile(r'<div class="xp-summary" id="error-summary".*?</div>', re.S)
_LINKS = re.compile(r'<li><a href="#([^"]+)">([^<]*)</a></li>')


def send(
    client: httpx.Client,
    path: str,
    data: Mapping[str, str | list[str]],
    *,
    lang: str,
    page: str = "",
) -> httpx.Response:
    """The form at `page` (or `path`) opened, then posted with its CSRF token, in `lang`."""
    client.cookies.set("talent_lang", lang)
    client.get(page or path)
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return client.post(path, data={**data, CSRF_FIELD: token}, follow_redirects=False)


def summary(html: str) -> list[tuple[str, str]]:
    """The summary's links: (target id, text), in order; the summary must come first in main."""
    found = _SUMMARY.search(html)
    assert found, "no error summary"
    main = html.split('<main id="main"', 1)[1]
    assert main.index('id="error-summary"') < main.index("<form"), "summary below the form"
    assert 'role="alert"' in found.group(0)
    assert 'tabindex="-1"' in found.group(0)
    return [(href, text.replace("&#39;", "'")) for href, text in _LINKS.findall(found.group(0))]


def ids_of(html: str) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', html))


REGISTRATION = {
    "email": "not an address",
    "full_name": "Trần Văn Bình",
    "country": "VN",
    "phone": "12",
    "skill_0_name": "Học máyy",
    "skill_0_level": "3",
    "work_0_title": "Một công trình",
    "work_0_year": "1800",
}


def test_a_failed_registration_lists_each_error_at_the_top_linked_to_its_field_in_vietnamese(
    anonymous: httpx.Client,
) -> None:
    response = send(anonymous, "/register", REGISTRATION, lang="vi")
    assert response.status_code == 422
    found = summary(response.text)
    assert found == [
        ("f-email", "Thư điện tử: Hãy nhập địa chỉ thư điện tử, ví dụ ten@example.org."),
        (
            "f-phone",
            "Điện thoại: Số điện thoại có từ 6 đến 15 chữ số, có thể kèm + ( ) - . và dấu cách.",
        ),
        ("f-skill_0_name", "Kỹ năng 1: Không có kỹ năng nào mang tên này."),
        ("f-work_0_year", "Năm của công trình 1: Hãy nhập một năm từ 1900 đến mười năm tới."),
    ], found
    assert "Có lỗi cần sửa" in response.text
    ids = ids_of(response.text)
    assert all(href in ids for href, _ in found)
    # What was typed is kept.
    assert 'value="Trần Văn Bình"' in response.text


def test_a_failed_registration_summary_reads_in_english_on_an_english_page(
    anonymous: httpx.Client,
) -> None:
    response = send(anonymous, "/register", REGISTRATION, lang="en")
    found = summary(response.text)
    assert found[0] == ("f-email", "E-mail: Enter an e-mail address, such as name@example.org.")
    assert ("f-skill_0_name", "Skill 1: No skill has this name.") in found
    assert "There is a problem" in response.text
    assert "Correct the 4 fields below, then send the form again." in response.text


def test_a_failed_claim_and_a_failed_reset_have_the_summary_too(anonymous: httpx.Client) -> None:
    claim = send(anonymous, "/claim", {"profile": "", "name": "", "email": "x"}, lang="vi")
    assert claim.status_code == 422
    hrefs = [href for href, _ in summary(claim.text)]
    assert hrefs == ["f-email", "f-profile", "f-name"]
    assert all(h in ids_of(claim.text) for h in hrefs)
    reset = send(
        anonymous,
        "/password/reset",
        {"token": "x" * 20, "password": "a long passphrase", "password_again": "different"},
        lang="en",
        page="/password/reset?token=" + "x" * 20,
    )
    assert reset.status_code == 422
    assert summary(reset.text) == [
        ("f-password_again", "The new password again: The two passwords differ.")
    ]
    assert "a long passphrase" not in reset.text  # a password is never sent back


def test_a_failed_work_puts_its_errors_at_the_top_of_my_profile(
    client: httpx.Client, as_role: SignIn
) -> None:
    profile = client.post("/api/v1/experts", json=expert_body(full_name="Lê Thị Công", orcid=None))
    expert = as_role(Role.EXPERT, expert_id=profile.json()["id"])
    response = send(
        expert,
        "/me/works",
        {"title": "", "kind": "publication", "year": "1800"},
        lang="vi",
        page="/me",
    )
    assert response.status_code == 422
    found = summary(response.text.replace('<form method="post" action="/me/confirm"', "<form"))
    assert [href for href, _ in found] == ["wnew-title", "wnew-year"]
    assert found[0][1] == "Tên công trình: Hãy điền mục này."
    assert all(href in ids_of(response.text) for href, _ in found)


def test_a_failed_profile_edit_lists_its_errors_at_the_top(
    client: httpx.Client, as_role: SignIn
) -> None:
    profile = client.post(
        "/api/v1/experts", json=expert_body(full_name="Phạm Minh Đức", orcid=None)
    )
    expert = as_role(Role.EXPERT, expert_id=profile.json()["id"])
    expert.cookies.set("talent_lang", "en")
    form = expert.get("/me/edit").text
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    data = {
        "version": version.group(1),
        "full_name": "Phạm Minh Đức",
        "country": "VN",
        "birth_year": "abc",
        "phone": "12",
        "skill_0_name": "Machine learning",
        "skill_0_level": "4",
    }
    response = send(expert, "/me/edit", data, lang="en", page="/me/edit")
    assert response.status_code == 422
    found = summary(response.text)
    assert [href for href, _ in found] == ["f-birth_year", "f-phone"], found
    assert found[0] == ("f-birth_year", "Year of birth: Enter a whole number, such as 2015.")


def _values(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" type="[a-z]+" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_adding_a_skill_row_without_scripts_keeps_everything_typed_and_saves_nothing(
    anonymous: httpx.Client,
) -> None:
    typed = {
        "email": "row.adder@example.org",
        "full_name": "Vũ Thị Hạnh",
        "country": "VN",
        "skill_0_name": "Học máy",
        "skill_0_level": "4",
        "skill_rows": "5",
        "row": "add:skill",
    }
    response = send(anonymous, "/register", typed, lang="vi")
    assert response.status_code == 200  # a form shown again, not a registration
    assert "Đã thêm một dòng. Chưa có gì được lưu" in response.text
    assert 'id="f-skill_5_name"' in response.text
    assert 'id="f-skill_6_name"' not in response.text
    assert "Kỹ năng 6" in response.text
    assert _values(response.text, "full_name") == "Vũ Thị Hạnh"
    assert _values(response.text, "skill_0_name") == "Học máy"
    assert "error-summary" not in response.text
    english = send(anonymous, "/register", typed, lang="en")
    assert "A row was added. Nothing is saved yet" in english.text
    # Nothing was registered: the address is still free to register.
    done = send(anonymous, "/register", {**typed, "row": ""}, lang="en")
    assert done.status_code == 303, done.text[:500]


def test_removing_a_skill_row_without_scripts_moves_the_rows_below_up_and_saves_nothing(
    client: httpx.Client, as_role: SignIn
) -> None:
    profile = client.post("/api/v1/experts", json=expert_body(full_name="Đỗ Văn Nam", orcid=None))
    expert = as_role(Role.EXPERT, expert_id=profile.json()["id"])
    data = {
        "version": "1",
        "full_name": "Đỗ Văn Nam",
        "country": "VN",
        "skill_0_name": "Machine learning",
        "skill_0_level": "4",
        "skill_1_name": "Computer vision",
        "skill_1_level": "2",
        "skill_rows": "4",
        "row": "remove:skill:0",
    }
    response = send(expert, "/me/edit", data, lang="en", page="/me/edit")
    assert response.status_code == 200
    assert "The row was removed. Nothing is saved yet" in response.text
    assert _values(response.text, "skill_0_name") == "Computer vision"
    assert 'name="skill_0_level"' in response.text
    level = re.search(r'name="skill_0_level".*?<option value="2" selected', response.text, re.S)
    assert level, "the level moved up with its skill"
    assert "Remove this skill" in response.text
    stored = client.get(f"/api/v1/experts/{profile.json()['id']}").json()
    assert {s["skill_id"] for s in stored["skills"]} == {"machine-learning", "computer-vision"}


def test_switching_language_keeps_a_half_filled_registration_and_rows_work_in_the_page(
    page: Page,
) -> None:
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto("/lang/en?next=/register")
    page.get_by_role("textbox", name="E-mail", exact=True).fill("half.filled@example.org")
    page.get_by_label("Full name").fill("Hoàng Thị Lan")
    page.get_by_label("Country where you live").select_option("JP")
    page.get_by_label("Skill 1", exact=True).fill("Machine learning")
    page.get_by_label("Level of skill 1").select_option("5")
    page.get_by_label("Skill 2", exact=True).fill("Computer vision")
    page.get_by_label("Remotely").check()
    # A sixth skill row, in the page: no request, the focus in the new row, nothing saved.
    page.get_by_role("button", name="Add a skill row").click()
    expect(page.get_by_label("Skill 6", exact=True)).to_be_focused()
    expect(page.get_by_label("Level of skill 6")).to_have_value("3")
    page.get_by_label("Skill 6", exact=True).fill("Robotics")
    assert posts == []
    # Removing the first row moves the others up, their numbers with them.
    page.get_by_role("button", name="Remove this skill (Skill 1)").click()
    expect(page.get_by_label("Skill 1", exact=True)).to_have_value("Computer vision")
    expect(page.get_by_label("Skill 5", exact=True)).to_have_value("Robotics")
    expect(page.get_by_label("Skill 6", exact=True)).to_have_count(0)
    assert posts == []

    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("textbox", name="Thư điện tử", exact=True)).to_have_value(
        "half.filled@example.org"
    )
    expect(page.get_by_label("Họ và tên")).to_have_value("Hoàng Thị Lan")
    expect(page.locator("#f-country")).to_have_value("JP")
    expect(page.get_by_label("Kỹ năng 1", exact=True)).to_have_value("Computer vision")
    expect(page.get_by_label("Kỹ năng 5", exact=True)).to_have_value("Robotics")
    expect(page.locator("input[name=engagement_modes][value=remote]")).to_be_checked()
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, sessionStorage))")
    assert "Hoàng Thị Lan" in stored
    assert "password" not in stored
    assert "csrf" not in stored
    assert posts == []
    page.screenshot(
        path=str(SCREENSHOTS / "register-kept-after-language.vi.1280.png"), full_page=True
    )
    assert serious_violations(page) == []


def test_a_failed_submit_moves_the_focus_to_the_summary_whose_links_reach_the_fields(
    page: Page,
) -> None:
    page.goto("/lang/vi?next=/register")
    page.get_by_role("textbox", name="Thư điện tử", exact=True).fill("not an address")
    page.get_by_label("Kỹ năng 1", exact=True).fill("Học máyy")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Có lỗi cần sửa")
    summary.get_by_role("link", name=re.compile("^Kỹ năng 1:")).click()
    expect(page).to_have_url(re.compile("#f-skill_0_name$"))
    expect(page.locator("#m-skill_0_name")).to_contain_text("Có phải bạn muốn chọn:")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"register-error-summary.vi.{width}.png"))
    assert serious_violations(page) == []
    # A suggestion picked with a click: in the field, its error gone, nothing sent.
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Học máy", exact=True).click()
    expect(page.get_by_label("Kỹ năng 1", exact=True)).to_have_value("Học máy")
    expect(page.locator("#e-skill_0_name")).to_have_count(0)
    expect(page.locator("#m-skill_0_name")).to_have_count(0)
    assert posts == []


def test_an_unknown_skill_gets_the_closest_skills_in_the_page_language(
    anonymous: httpx.Client,
) -> None:
    typed = {"email": "meant@example.org", "full_name": "Ngô Bảo Châu", "country": "VN"}
    vi = send(anonymous, "/register", {**typed, "skill_0_name": "Hoc mayy"}, lang="vi")
    meant = re.search(r'<p class="xp-meant" id="m-skill_0_name">(.*?)</p>', vi.text, re.S)
    assert meant, vi.text[:300]
    assert "Có phải bạn muốn chọn:" in meant.group(1)
    options = re.findall(r'data-value="([^"]+)"', meant.group(1))
    assert options[0] == "Học máy"
    assert 'value="pick:skill_0_name:Học máy"' in meant.group(1)
    assert "Không phải các kỹ năng trên: đề xuất “Hoc mayy” thành kỹ năng mới" in vi.text
    en = send(anonymous, "/register", {**typed, "skill_1_name": "Machin lerning"}, lang="en")
    meant = re.search(r'<p class="xp-meant" id="m-skill_1_name">(.*?)</p>', en.text, re.S)
    assert meant
    assert "Did you mean:" in meant.group(1)
    assert re.findall(r'data-value="([^"]+)"', meant.group(1))[0] == "Machine learning"
    # A name like no skill's gets no suggestion; one written without its accents is no error.
    none = send(anonymous, "/register", {**typed, "skill_0_name": "zzqx"}, lang="vi")
    assert 'id="m-skill_0_name"' not in none.text
    assert "Đề xuất “zzqx” thành kỹ năng mới" in none.text
    folded = send(
        anonymous, "/register", {**typed, "email": "x", "skill_0_name": "hoc may"}, lang="vi"
    )
    assert "f-skill_0_name" not in [href for href, _ in summary(folded.text)]


def test_picking_a_suggested_skill_without_scripts_fills_it_in_and_saves_nothing(
    anonymous: httpx.Client,
) -> None:
    typed = {
        "email": "picker@example.org",
        "full_name": "Ngô Bảo Châu",
        "country": "VN",
        "skill_0_name": "Hoc mayy",
        "row": "pick:skill_0_name:Học máy",
    }
    response = send(anonymous, "/register", typed, lang="vi")
    assert response.status_code == 200
    assert _values(response.text, "skill_0_name") == "Học máy"
    assert "Đã điền kỹ năng. Chưa có gì được lưu" in response.text
    odd = send(anonymous, "/register", {**typed, "row": "pick:email:x@example.org"}, lang="vi")
    assert odd.status_code == 422  # only a skill's name is picked so: a send, with its errors


def test_emptying_the_name_on_a_profile_edit_is_refused_beside_it_and_keeps_the_name(
    client: httpx.Client, as_role: SignIn
) -> None:
    profile = client.post(
        "/api/v1/experts", json=expert_body(full_name="Lê Thị Thu Trang", orcid=None)
    ).json()
    expert = as_role(Role.EXPERT, expert_id=profile["id"])
    form = expert.get("/me/edit").text
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    data = {"version": version.group(1), "full_name": "  ", "country": "VN"}
    response = send(expert, "/me/edit", data, lang="vi", page="/me/edit")
    assert response.status_code == 422
    assert [href for href, _ in summary(response.text)] == ["f-full_name"]
    kept = client.get(f"/api/v1/experts/{profile['id']}").json()
    assert kept["full_name"] == "Lê Thị Thu Trang"
    assert kept["version"] == profile["version"]
