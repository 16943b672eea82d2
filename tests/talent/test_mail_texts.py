"""Mails are written from templates through the pages' catalogues, in the recipient's language
(or in Vietnamese then English where it is not known), in one register: "Kính gửi ông/bà",
"ông/bà" throughout, never "bạn"; "thư điện tử", never "e-mail"; links to pages only. The
expected texts are written out by hand."""

import re
from pathlib import Path

import httpx
import pytest

from api.mailer import mail_letters
from api.web import i18n
from talent.core.letters import FOLDER, SEPARATOR, Letters, environment
from tests.factories import expert_body
from tests.mailbox import messages_to

API = "/api/v1"
LINK = "https://talent.example.vn/confirm?token=abc123"

CONFIRM_VI = """Kính gửi ông/bà Nguyễn Thị Hương,

Để xác nhận hồ sơ của ông/bà, xin mở liên kết sau:
https://talent.example.vn/confirm?token=abc123

Ông/bà chọn mật khẩu khi mở liên kết. Liên kết chỉ dùng được một lần, trong hai ngày.

Nếu ông/bà không đăng ký, xin bỏ qua thư này.

Trân trọng,
talentgraph
"""

CONFIRM_EN = """Dear Nguyễn Thị Hương,

To confirm your profile, open this link:
https://talent.example.vn/confirm?token=abc123

You choose your password when you open the link. It works once, for two days.

If you did not register, please ignore this message.

Kind regards,
talentgraph
"""

ACCOUNT_EXISTS_VI = """Kính gửi ông/bà,

Một người, có lẽ là ông/bà, đã yêu cầu đăng ký hoặc nhận quyền quản lý một hồ sơ với địa chỉ thư điện tử này, nhưng địa chỉ này đã thuộc về một tài khoản. Xin ông/bà đăng nhập bằng tài khoản đó:
https://talent.example.vn/login

Nếu không đăng nhập được, xin ông/bà chọn mật khẩu mới tại đây, hoặc liên hệ quản trị viên:
https://talent.example.vn/password/forgot

Nếu ông/bà không yêu cầu việc này, xin bỏ qua thư này.

Trân trọng,
talentgraph
"""

ACCOUNT_EXISTS_EN = """Dear Sir or Madam,

Someone, probably you, asked to register or to claim a profile with this address, but an account already uses it. Please log in with that account:
https://talent.example.vn/login

If you cannot log in, choose a new password here, or ask an administrator:
https://talent.example.vn/password/forgot

If you did not ask for this, please ignore this message.

Kind regards,
talentgraph
"""

REMINDER_VI = """Kính gửi ông/bà Trần Văn Bình,

Hồ sơ của ông/bà đã một năm chưa được xác nhận. Xin ông/bà đăng nhập để xác nhận hoặc cập nhật hồ sơ, để các chương trình thấy đúng thông tin của ông/bà hiện nay:
https://talent.example.vn/me

Trân trọng,
talentgraph
"""

ACCOUNT_EXISTS: dict[str, object] = {
    "login": "https://talent.example.vn/login",
    "forgot": "https://talent.example.vn/password/forgot",
}


def test_the_confirmation_mail_in_each_language_and_in_both() -> None:
    letters = mail_letters()
    context = {"name": "Nguyễn Thị Hương", "link": LINK}
    vietnamese = letters.write("confirm_email", "vi", context)
    assert vietnamese.subject == "Xác nhận địa chỉ thư điện tử"
    assert vietnamese.body == CONFIRM_VI
    english = letters.write("confirm_email", "en", context)
    assert english.subject == "Confirm your email address"
    assert english.body == CONFIRM_EN
    both = letters.write("confirm_email", None, context)
    assert both.subject == "Xác nhận địa chỉ thư điện tử / Confirm your email address"
    assert both.body == f"{CONFIRM_VI}\n{SEPARATOR}\n\n{CONFIRM_EN}"


def test_the_note_to_a_taken_address_names_no_one_and_links_to_pages() -> None:
    letters = mail_letters()
    vietnamese = letters.write("account_exists", "vi", ACCOUNT_EXISTS)
    assert vietnamese.subject == "Ông/bà đã có tài khoản"
    assert vietnamese.body == ACCOUNT_EXISTS_VI
    english = letters.write("account_exists", "en", ACCOUNT_EXISTS)
    assert english.subject == "You already have an account"
    assert english.body == ACCOUNT_EXISTS_EN


def test_the_freshness_reminder_in_vietnamese() -> None:
    context = {"name": "Trần Văn Bình", "link": "https://talent.example.vn/me"}
    letter = mail_letters().write("freshness_reminder", "vi", context)
    assert letter.subject == "Hồ sơ chuyên gia của ông/bà có còn đúng với hiện tại?"
    assert letter.body == REMINDER_VI


def test_without_the_catalogues_a_mail_is_in_english_the_source_language() -> None:
    context = {"name": "Nguyễn Thị Hương", "link": LINK}
    assert Letters().write("confirm_email", "vi", context).body == CONFIRM_EN


# What any template may be given (a name it uses that is missing here fails: StrictUndefined).
CONTEXT: dict[str, object] = {
    "name": "Lê Thị Mẫu",
    "link": LINK,
    "register": "https://talent.example.vn/register",
    "login": "https://talent.example.vn/login",
    "forgot": "https://talent.example.vn/password/forgot",
    "role": "ministry",
    "count": 3,
    # The alerts' mail: one alert of each kind, gathered into a digest.
    "digest": True,
    "items": [
        {"reason": reason, "role": "Kỹ sư trưởng", "programme": "Vi mạch", "expert": "Lê Mới"}
        | {"group": "Công nghệ chip bán dẫn", "search": "Vi mạch giỏi", "leading": 3}
        | {"demand": 5, "link": LINK}
        for reason in (
            "entered_top",
            "withdrew",
            "availability",
            "role_fits",
            "group_joined",
            "group_left",
            "group_short",
            "search_new",
        )
    ],
    "alerts_link": "https://talent.example.vn/alerts",
    "unsubscribe_link": "https://talent.example.vn/alerts/unsubscribe?token=t",
}
TEMPLATES = sorted(p.stem for p in Path(FOLDER).glob("*.txt") if not p.stem.startswith("_"))


def test_every_mail_of_the_notices_has_a_template() -> None:
    sent = {"confirm_email", "claim_link", "claim_in_review", "listed_profile"}
    sent |= {"account_exists", "profile_owned", "password_reset", "freshness_reminder"}
    sent |= {"works_found"}
    assert sent <= set(TEMPLATES)


def test_the_new_works_mail_says_how_many_and_where_in_vietnamese() -> None:
    context = {
        "name": "Nguyễn Thị Hương",
        "count": 4,
        "link": "https://talent.example.vn/me/imports",
    }
    letter = mail_letters().write("works_found", "vi", context)
    assert letter.subject == "Có công trình mới đang chờ ông/bà xem"
    assert "Chúng tôi tìm thấy 4 công trình mới" in letter.body
    assert "https://talent.example.vn/me/imports" in letter.body


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_mail_keeps_one_register_and_shows_no_api_path(name: str) -> None:
    letters = mail_letters()
    vietnamese = letters.write(name, "vi", CONTEXT)
    english = letters.write(name, "en", CONTEXT)
    assert vietnamese.body.startswith("Kính gửi ông/bà")
    assert english.body.startswith("Dear ")
    for text in (vietnamese.subject, vietnamese.body):
        words = f" {text.lower()} "
        assert not re.search(r"\bbạn\b", words)
        assert "e-mail" not in words
        assert "cán bộ bộ" not in f" {text} "
    for letter in (vietnamese, english):
        assert "/api/" not in letter.body


def test_a_mail_names_an_account_role_from_the_glossary() -> None:
    """Through the glossary's entries: no other area's words for the same roles change them."""
    env = environment(i18n.translations, "vi")
    macro = env.from_string("{% from '_letter.txt' import role_name %}{{ role_name(role) }}")
    names = [macro.render(role=r) for r in ("ministry", "programme_lead", "admin", "expert")]
    assert names == ["cán bộ Bộ", "chủ nhiệm chương trình", "quản trị viên", "chuyên gia"]


def _registration(email: str) -> dict[str, object]:
    body = expert_body(full_name="Phạm Thị Thư", emails=[])
    body.pop("orcid")
    return {"email": email, "profile": body}


@pytest.mark.parametrize(
    ("language", "header", "expected", "absent"),
    [
        ("vi", "vi-VN,vi;q=0.9", "Kính gửi ông/bà Phạm Thị Thư,", "Dear "),
        ("en", "en-GB,en;q=0.9", "Dear Phạm Thị Thư,", "Kính gửi"),
    ],
)
def test_a_registration_is_answered_in_the_language_its_request_names(
    anonymous: httpx.Client, base_url: str, language: str, header: str, expected: str, absent: str
) -> None:
    email = f"letters.{language}@example.net"
    sent = anonymous.post(
        f"{API}/registrations", json=_registration(email), headers={"accept-language": header}
    )
    assert sent.status_code == 202, sent.text
    [mail] = messages_to(email)
    assert mail.startswith(expected)
    assert absent not in mail
    assert f"{base_url}/confirm?token=" in mail
    assert "/api/" not in mail


def test_a_request_naming_no_language_is_answered_in_vietnamese_then_english(
    anonymous: httpx.Client,
) -> None:
    email = "letters.both@example.net"
    assert anonymous.post(f"{API}/registrations", json=_registration(email)).status_code == 202
    [mail] = messages_to(email)
    assert mail.startswith("Kính gửi ông/bà Phạm Thị Thư,")
    assert mail.index(SEPARATOR) < mail.index("Dear Phạm Thị Thư,")


def test_a_claim_approved_by_an_admin_reading_english_reaches_the_claimant_in_both_languages(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    body = expert_body(full_name="Hà Thị Được", emails=["ha.duoc@uni.example.org"])
    body.pop("orcid")
    expert_id = client.post(f"{API}/experts", json=body).json()["id"]
    email = "ha.duoc@personal.example.net"
    claim = {"expert_id": expert_id, "email": email, "name": "Hà Thị Được"}
    headers = {"accept-language": "vi"}
    sent = anonymous.post(f"{API}/registrations/claims", json=claim, headers=headers)
    assert sent.status_code == 202, sent.text
    [waiting] = messages_to(email)
    assert waiting.startswith("Kính gửi ông/bà,\n\nChúng tôi đã nhận được yêu cầu")
    assert "Dear" not in waiting
    [review] = client.get(f"{API}/reviews", params={"kind": "claim"}).json()["items"]
    decided = client.post(
        f"{API}/reviews/{review['id']}/decision",
        json={"decision": "approve"},
        headers={"accept-language": "en"},
    )
    assert decided.status_code == 200, decided.text
    link = messages_to(email)[-1]
    # The admin's language is not the claimant's: both, Vietnamese first.
    assert link.startswith("Kính gửi ông/bà,\n\nĐể xác nhận yêu cầu nhận quyền quản lý hồ sơ")
    assert link.index(SEPARATOR) < link.index("Dear Sir or Madam,")
