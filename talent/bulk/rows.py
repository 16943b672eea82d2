"""One row of a list, mapped, to the profile it would create, or the problems that refuse it.

A row is validated whole before anything is written: every problem names its column (the
header as the file has it) and a reason code the pages translate, with the English detail."""

import re
from dataclasses import dataclass

from pydantic import ValidationError

from talent.bulk.columns import BY_FIELD, Field
from talent.bulk.lookups import Lookups
from talent.core.types import Source
from talent.experts.models import Affiliation, ExpertCreate, SkillClaim
from talent.organizations.resolve import proposal
from talent.resources.models import OrganizationCreate

# A skill named without a level gets this one (3: proficient).
DEFAULT_LEVEL = 3
_LEVEL = re.compile(r"^(?P<name>.*?)\s*(?:[:=]\s*(?P<a>[1-5])|\((?P<b>[1-5])\))\s*$")
# Which reason a field's invalid value gets.
_INVALID = {
    "full_name": "invalid_name",
    "family_name": "invalid_name",
    "given_name": "invalid_name",
    "emails": "invalid_email",
    "orcid": "invalid_orcid",
    "phone": "invalid_phone",
    "country": "unknown_country",
    "nationality": "unknown_country",
}
# Which column a model field comes from.
_COLUMN_OF = {
    "full_name": Field.FULL_NAME,
    "family_name": Field.FULL_NAME,
    "given_name": Field.FULL_NAME,
    "emails": Field.EMAILS,
    "orcid": Field.ORCID,
    "external_id": Field.EXTERNAL_ID,
    "country": Field.COUNTRY,
    "nationality": Field.NATIONALITY,
    "affiliations": Field.TITLE,
    "skills": Field.SKILLS,
    "phone": Field.PHONE,
    "headline": Field.HEADLINE,
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row is refused: the column as the file heads it, a reason code, the English."""

    column: str
    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class Keys:
    """What finds the row's profile again: e-mails (lower-cased), ORCID iD, list key."""

    emails: tuple[str, ...]
    orcid: str | None
    external_id: str | None

    def any(self) -> bool:
        return bool(self.emails or self.orcid or self.external_id)

    def labelled(self) -> list[tuple[str, str]]:
        return [
            *(("email", e) for e in self.emails),
            *([("orcid", self.orcid)] if self.orcid else []),
            *([("external_id", self.external_id)] if self.external_id else []),
        ]


@dataclass(frozen=True, slots=True)
class Converted:
    number: int
    name: str
    item: ExpertCreate | None
    keys: Keys
    problems: tuple[Problem, ...]
    # The organisation the row's affiliation names, to be made from ROR's record when the row
    # is written: no organisation in use is it yet (the affiliation holds `new_organization_key`).
    new_organization: OrganizationCreate | None = None


def new_organization_key(ror_id: str) -> str:
    """What an affiliation names until the organisation made from ROR's record has its id."""
    return f"ror:{ror_id}"


def _split(text: str, pattern: str) -> list[str]:
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


@dataclass
class _Row:
    """A row's cells by field, with the header each came from."""

    value: dict[Field, str]
    column: dict[Field, str]

    def col(self, field: Field) -> str:
        return self.column.get(field, BY_FIELD[field].header)

    def get(self, field: Field) -> str:
        return self.value.get(field, "")


def convert(
    number: int,
    cells: list[str],
    mapping: list[Field | None],
    headers: list[str],
    lookups: Lookups,
) -> Converted:
    """The row's profile (status active, not contactable until the person confirms), or its
    problems; nothing is written here."""
    row = _Row({}, {})
    for i, field in enumerate(mapping):
        if field is not None:
            row.value[field] = cells[i].strip() if i < len(cells) else ""
            row.column[field] = headers[i]
    problems: list[Problem] = []
    name = row.get(Field.FULL_NAME)
    emails = [e.lower() for e in _split(row.get(Field.EMAILS), r"[;,\s]+")]
    data: dict[str, object] = {"full_name": name, "emails": emails}
    if not name:
        problems.append(Problem(row.col(Field.FULL_NAME), "required", "a full name is required"))
    for field in (Field.ORCID, Field.EXTERNAL_ID, Field.PHONE, Field.HEADLINE):
        if row.get(field):
            data[field.value] = row.get(field)
    _places(row, lookups, data, problems)
    new_organization = _affiliation(row, lookups, data, problems)
    skills = _skills(row.get(Field.SKILLS), lookups, row.col(Field.SKILLS), problems)
    if skills:
        data["skills"] = skills
    keys = Keys(
        emails=tuple(dict.fromkeys(emails)),
        orcid=_orcid(row.get(Field.ORCID)),
        external_id=row.get(Field.EXTERNAL_ID) or None,
    )
    item = _validated(row, data, problems)
    if not problems and not keys.any():
        detail = "an e-mail, an ORCID iD or a list key is needed, so that importing again finds it"
        problems.append(Problem(row.col(Field.EXTERNAL_ID), "no_key", detail))
    if problems or item is None:
        return Converted(number, name, None, keys, tuple(problems))
    keys = Keys(
        emails=tuple(str(e).lower() for e in item.emails),
        orcid=item.orcid,
        external_id=item.external_id,
    )
    return Converted(number, name, item, keys, (), new_organization)


def _places(row: _Row, lookups: Lookups, data: dict[str, object], problems: list[Problem]) -> None:
    for field in (Field.COUNTRY, Field.NATIONALITY):
        text = row.get(field)
        if text:
            code = lookups.country(text)
            if code is None:
                detail = f"'{text}' is no country (an ISO code, or its name)"
                problems.append(Problem(row.col(field), "unknown_country", detail))
            else:
                data[field.value] = code
    if not row.get(Field.COUNTRY):
        detail = "the country of residence is required"
        problems.append(Problem(row.col(Field.COUNTRY), "required", detail))


def _affiliation(
    row: _Row, lookups: Lookups, data: dict[str, object], problems: list[Problem]
) -> OrganizationCreate | None:
    """The row's affiliation into `data`; the organisation to make from ROR's record for it,
    if none in use is it yet."""
    org_name, ror, title = row.get(Field.ORGANIZATION), row.get(Field.ROR), row.get(Field.TITLE)
    if org_name or ror:
        country = data.get("country")
        found = lookups.organization(org_name, ror, country if isinstance(country, str) else None)
        made = proposal(found.record) if found.org_id is None and found.record else None
        if found.org_id is None and made is None:
            where = row.col(Field.ROR if found.of_ror or not org_name else Field.ORGANIZATION)
            problems.append(Problem(where, found.code, found.detail))
            return None
        org_id = found.org_id or new_organization_key(str(made.ror_id if made else ""))
        data["affiliations"] = [
            Affiliation(organization_id=org_id, title=title, source=Source.IMPORTED)
        ]
        return made
    if title:
        detail = "a title needs an organisation"
        problems.append(Problem(row.col(Field.TITLE), "title_without_organization", detail))
    return None


def _validated(row: _Row, data: dict[str, object], problems: list[Problem]) -> ExpertCreate | None:
    """The profile, or None with each invalid field's problem (one per column)."""
    try:
        return ExpertCreate.model_validate(data)
    except ValidationError as exc:
        seen = {p.column for p in problems}
        for error in exc.errors():
            field_name = str(error["loc"][0]) if error["loc"] else "full_name"
            where = row.col(_COLUMN_OF.get(field_name, Field.FULL_NAME))
            if where in seen:
                continue
            seen.add(where)
            code = _INVALID.get(field_name, "invalid")
            problems.append(Problem(where, code, str(error["msg"]).removeprefix("Value error, ")))
    return None


def raw_keys(cells: list[str], mapping: list[Field | None]) -> list[str]:
    """The row's keys as `convert` makes them, without validating the rest (cheap: to find
    rows of the file that repeat an earlier one)."""
    keys: list[str] = []
    for i, field in enumerate(mapping):
        text = cells[i].strip() if i < len(cells) else ""
        if not text:
            continue
        if field is Field.EMAILS:
            keys += [f"email:{e.lower()}" for e in _split(text, r"[;,\s]+")]
        elif field is Field.ORCID and (orcid := _orcid(text)):
            keys.append(f"orcid:{orcid}")
        elif field is Field.EXTERNAL_ID:
            keys.append(f"external_id:{text}")
    return keys


def _orcid(text: str) -> str | None:
    raw = text.strip().upper().removeprefix("HTTPS://ORCID.ORG/").removeprefix("HTTP://ORCID.ORG/")
    return raw or None


def _skills(text: str, lookups: Lookups, column: str, problems: list[Problem]) -> list[SkillClaim]:
    claims: dict[str, SkillClaim] = {}
    for part in _split(text, r"[;|\n]+"):
        match = _LEVEL.match(part)
        label, level = part, DEFAULT_LEVEL
        if match:
            label = match["name"]
            level = int(match["a"] or match["b"])
        skill_id = lookups.skill(label)
        if skill_id is None:
            problems.append(
                Problem(column, "unknown_skill", f"'{label}' is no skill of the taxonomy")
            )
            continue
        claims.setdefault(
            skill_id, SkillClaim(skill_id=skill_id, level=level, source=Source.IMPORTED)
        )
    return list(claims.values())
