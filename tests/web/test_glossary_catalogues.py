"""The Vietnamese catalogues keep to the glossary: no variant the glossary forbids ("cán bộ bộ",
"Nhận hồ sơ", "ghép" without "nối", "e-mail", "Nhật ký kiểm tra"), the glossary's own words for
the navigation, and the mails address their reader as "ông/bà", never "bạn".

Checked on every area's catalogue and every mail."""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from talent.core.letters import FOLDER as MAILS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "api" / "web" / "translations" / "vi" / "LC_MESSAGES"
DOMAINS = ("core", "experts", "ministry", "leads", "admin")
CHECKED = DOMAINS

# Each forbidden variant, and the glossary's word for what it names.
FORBIDDEN: dict[str, re.Pattern[str]] = {
    "cán bộ Bộ (ministry staff), not 'cán bộ bộ'": re.compile(r"cán bộ bộ"),
    # ("xác nhận hồ sơ", to confirm a profile, is another verb)
    "nhận quyền quản lý hồ sơ (claim a profile), not 'Nhận hồ sơ'": re.compile(
        r"(?<![Xx]ác )\b[Nn]hận hồ sơ"
    ),
    "ghép nối (matching), never 'ghép' alone": re.compile(r"\b[Gg]hép\b(?! nối)"),
    "thư điện tử (email), not 'e-mail'": re.compile(r"e-?mail", re.IGNORECASE),
    "nhật ký thao tác (audit log), not 'nhật ký kiểm tra'": re.compile(r"[Nn]hật ký kiểm tra"),
}
# A value put into a message (`%(email)s`) is no word of it.
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Navigation and glossary entries whose translation is fixed.
EXACT = {
    "Target": "Chỉ tiêu thu hút",
    "Pipeline": "Quy trình thu hút",
    "Claim a profile": "Nhận quyền quản lý hồ sơ",
    "ministry staff": "cán bộ Bộ",
    "programme lead": "chủ nhiệm chương trình",
    "administrator": "quản trị viên",
    "expert": "chuyên gia",
    "Audit log": "Nhật ký thao tác",
}


def _catalogue(domain: str) -> Catalog:
    with (CATALOGUES / f"{domain}.po").open("rb") as f:
        return read_po(f, locale="vi")


def _mail_messages() -> set[str]:
    """Every message the mail templates use."""
    found: set[str] = set()
    for path in sorted(MAILS.glob("*.txt")):
        for _, message, _, _ in extract_from_file(
            "jinja2.ext.babel_extract", str(path), options={"extensions": "jinja2.ext.i18n"}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def violations(domain: str) -> list[str]:
    """Each entry of the domain's Vietnamese catalogue that breaks the glossary, and why."""
    mails = _mail_messages() if domain == "core" else set()
    found = []
    for message in _catalogue(domain):
        if not message.id or not isinstance(message.id, str):
            continue
        text = message.string if isinstance(message.string, str) else ""
        words = PLACEHOLDER.sub("", text)
        for rule, pattern in FORBIDDEN.items():
            if pattern.search(words):
                found.append(f"{domain}: {message.id!r} -> {text!r}: {rule}")
        wanted = EXACT.get(message.id)
        if wanted is not None and text != wanted:
            found.append(f"{domain}: {message.id!r} -> {text!r}: the glossary says {wanted!r}")
        if message.id in mails and re.search(r"\b[Bb]ạn\b", text):
            found.append(f"{domain}: {message.id!r} -> {text!r}: a mail says 'ông/bà'")
    return found


def test_the_mail_templates_are_in_the_core_catalogue() -> None:
    # A plural message is known by its singular, as the templates' extraction names it.
    core = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue("core")}
    assert _mail_messages()
    assert _mail_messages() <= core


@pytest.mark.parametrize("domain", CHECKED)
def test_the_catalogue_keeps_to_the_glossary(domain: str) -> None:
    assert violations(domain) == []


def test_the_check_finds_each_forbidden_variant() -> None:
    samples = {
        "cán bộ bộ": True,
        "Nhận hồ sơ": True,
        "Đã ghép 3 chuyên gia": True,
        "Địa chỉ e-mail": True,
        "Nhật ký kiểm tra": True,
        "Gửi tới %(email)s": False,
        "Kiểm tra và xác nhận hồ sơ": False,
        "cán bộ Bộ": False,
        "Nhận quyền quản lý hồ sơ": False,
        "Đã ghép nối 3 chuyên gia": False,
        "thư điện tử": False,
    }
    for text, forbidden in samples.items():
        words = PLACEHOLDER.sub("", text)
        assert any(p.search(words) for p in FORBIDDEN.values()) is forbidden, text


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(domain: str) -> None:
    # An empty translation shows the English source on a Vietnamese page.
    missing = [m.id for m in _catalogue(domain) if m.id and not m.string]
    assert missing == []


# One English message read two ways on purpose, by area: the page's own area's word wins there.
READ_BY_AREA = {
    "active",  # a programme under way (leads) / an account in use (admin)
    "Did you mean:",  # a skill to choose (experts) / a skill to search for (ministry)
    "in Vietnam",  # residency (experts) / where a candidate lives (leads)
}


def test_one_english_message_has_one_vietnamese_translation_in_every_area() -> None:
    found: dict[str, dict[str, str]] = {}
    for domain in DOMAINS:
        for message in _catalogue(domain):
            if message.id and message.string and not message.context:
                english = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else message.string[0]
                found.setdefault(english, {})[domain] = text
    differing = {
        english: by_domain
        for english, by_domain in found.items()
        if len(set(by_domain.values())) > 1 and english not in READ_BY_AREA
    }
    assert differing == {}
