"""The columns an expert list may have, their bilingual headers, and the mapping guessed from a
file's own headers (Vietnamese or English, with or without diacritics, any case)."""

import re
from dataclasses import dataclass
from enum import StrEnum

from talent.core.names import fold_name


class Field(StrEnum):
    FULL_NAME = "full_name"
    EMAILS = "emails"
    ORCID = "orcid"
    EXTERNAL_ID = "external_id"
    COUNTRY = "country"
    NATIONALITY = "nationality"
    ORGANIZATION = "organization"
    ROR = "ror_id"
    TITLE = "title"
    SKILLS = "skills"
    PHONE = "phone"
    HEADLINE = "headline"


@dataclass(frozen=True, slots=True)
class Column:
    field: Field
    vi: str
    en: str
    example: str
    # Other ways people head the column, folded when compared.
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def header(self) -> str:
        """The template's bilingual header."""
        return f"{self.vi} / {self.en}"


COLUMNS: tuple[Column, ...] = (
    Column(
        Field.FULL_NAME,
        "Họ và tên",
        "Full name",
        "Nguyễn Thị Hương",
        ("họ tên", "tên", "name", "tên chuyên gia", "expert name"),
        required=True,
    ),
    Column(
        Field.EMAILS,
        "Thư điện tử",
        "E-mail",
        "huong.nguyen@example.edu.vn",
        ("email", "emails", "e-mails", "thư", "địa chỉ thư điện tử", "mail"),
    ),
    Column(Field.ORCID, "ORCID", "ORCID iD", "0000-0002-1825-0097", ("orcid id",)),
    Column(
        Field.EXTERNAL_ID,
        "Mã trong danh sách",
        "List key",
        "BKHCN-2026-0001",
        ("mã", "mã số", "ma chuyen gia", "external id", "id", "key", "mã định danh"),
    ),
    Column(
        Field.COUNTRY,
        "Nước cư trú",
        "Country of residence",
        "Việt Nam",
        ("quốc gia", "nước", "country", "residence", "nơi cư trú"),
        required=True,
    ),
    Column(Field.NATIONALITY, "Quốc tịch", "Nationality", "VN", ("citizenship",)),
    Column(
        Field.ORGANIZATION,
        "Tổ chức",
        "Organisation",
        "Đại học Quốc gia Hà Nội",
        ("cơ quan", "đơn vị", "organization", "affiliation", "nơi công tác", "institution"),
    ),
    Column(
        Field.ROR,
        "Mã ROR",
        "ROR ID",
        "https://ror.org/02jmfj006",
        ("ror", "ror id", "mã ror của tổ chức", "organisation ror id", "organization ror id"),
    ),
    Column(
        Field.TITLE,
        "Chức danh",
        "Title",
        "Giảng viên cao cấp",
        ("chức vụ", "position", "job title"),
    ),
    Column(
        Field.SKILLS,
        "Kỹ năng",
        "Skills",
        "Học máy:4; Học sâu",
        ("lĩnh vực", "chuyên môn", "skill", "expertise"),
    ),
    Column(Field.PHONE, "Điện thoại", "Phone", "+84 912 345 678", ("số điện thoại", "tel")),
    Column(
        Field.HEADLINE,
        "Giới thiệu ngắn",
        "Headline",
        "Nghiên cứu học máy cho y tế",
        ("tóm tắt", "summary", "mô tả"),
    ),
)
BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED = tuple(c.field for c in COLUMNS if c.required)


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold_name(text)).strip()


def _names(column: Column) -> set[str]:
    names = {column.vi, column.en, column.header, column.field.value, *column.aliases}
    return {_folded(n) for n in names}


_KNOWN = {name: column.field for column in COLUMNS for name in _names(column)}


def field_of(header: str) -> Field | None:
    """The field a header names: the whole header, or one side of "Vietnamese / English"."""
    whole = _folded(header)
    if whole in _KNOWN:
        return _KNOWN[whole]
    for part in re.split(r"[/|()]", header):
        if (folded := _folded(part)) in _KNOWN:
            return _KNOWN[folded]
    return None


def guess_mapping(headers: list[str]) -> list[Field | None]:
    """Per header, the field it names (None: ignored); a field goes to its first header only."""
    taken: set[Field] = set()
    mapping: list[Field | None] = []
    for header in headers:
        found = field_of(header)
        if found is not None and found not in taken:
            taken.add(found)
            mapping.append(found)
        else:
            mapping.append(None)
    return mapping
