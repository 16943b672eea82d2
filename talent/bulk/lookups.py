"""Names people write in a list, to the graph's codes and ids: countries, organisations (by
ROR id first, then by name, then through ROR's register), skills; read once per run or dry
run, the register whole in one query and indexed here by id and folded name."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from babel import Locale

from graph import GraphStore
from talent.core.names import fold_name
from talent.core.validators import ROR_PATTERN
from talent.organizations.register.repository import RorRepository
from talent.organizations.ror import RorRecord
from talent.registration.lookup import skill_labels
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationRead
from talent.resources.repository import ResourceRepository
from talent.search.skills import SkillLabel

_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/")


def ror_of(text: str) -> str | None:
    """`https://ror.org/02jmfj006`, `ror.org/02jmfj006` or `02jmfj006` as `02jmfj006`; None
    for anything else (ROR publishes no check over its last two digits that this code base
    knows, so only the form is checked)."""
    raw = _ROR_PREFIX.sub("", text.strip().lower()).rstrip("/")
    return raw if ROR_PATTERN.match(raw) else None


@dataclass(frozen=True, slots=True)
class Known:
    """An approved organisation, as a row is matched against it."""

    id: str
    country: str | None
    ror_id: str | None


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """What a row's organisation and ROR id resolved to: an organisation's id, or a problem
    (a code the pages translate, and its English detail); `record` is ROR's record of the
    organisation the row means where no organisation in use is it yet."""

    org_id: str | None = None
    code: str = ""
    detail: str = ""
    record: RorRecord | None = None
    # Whether the problem is the ROR column's (else the organisation's).
    of_ror: bool = False


@dataclass
class _Register:
    """ROR's records by id, by folded name (display name, labels, aliases) and by acronym."""

    by_id: dict[str, RorRecord] = field(default_factory=dict)
    by_name: dict[str, list[RorRecord]] = field(default_factory=lambda: defaultdict(list))
    by_acronym: dict[str, list[RorRecord]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, records: Iterable[RorRecord]) -> "_Register":
        register = cls()
        for record in records:
            register.by_id[record.id] = record
            for key in record.names_folded:
                register.by_name[key].append(record)
            for key in record.acronyms_folded:
                if key not in record.names_folded:
                    register.by_acronym[key].append(record)
        return register


def _one(found: list[RorRecord], country: str | None) -> tuple[RorRecord | None, int]:
    """The one record meant, preferring the row's country and then the one still active (ROR
    lists an organisation's successors beside it); else None and how many fitted."""
    if country and (here := [r for r in found if r.country == country]):
        found = here
    if len(found) > 1 and len(active := [r for r in found if r.status == "active"]) == 1:
        found = active
    return (found[0], 1) if len(found) == 1 else (None, len(found))


class Lookups:
    """Names people write, to the graph's codes and ids: countries (ISO code, or the name in
    Vietnamese or English), organisations (ROR id, exact folded name of an approved one, or a
    name, label, alias or, in the row's country, acronym of a ROR record that one of them
    carries or is named as), skills (id, or a label or alias in either language)."""

    def __init__(
        self,
        organizations: Iterable[OrganizationRead],
        skills: list[SkillLabel],
        records: Iterable[RorRecord] = (),
    ) -> None:
        self.organizations: dict[str, str] = {}
        self.named: dict[str, list[Known]] = defaultdict(list)
        self.with_ror: dict[str, str] = {}
        for org in organizations:
            self.organizations[org.name_folded] = org.id
            self.named[org.name_folded].append(Known(org.id, org.country, org.ror_id))
            if org.ror_id:
                self.with_ror.setdefault(org.ror_id, org.id)
        self.register = _Register.of(records)
        self.countries = _countries()
        self.skill_ids = {s.skill_id for s in skills}
        self.skills: dict[str, str] = {}
        for skill in skills:
            for name in (skill.label_en, skill.label_vi, *skill.aliases):
                self.skills.setdefault(fold_name(name), skill.skill_id)

    def country(self, text: str) -> str | None:
        code = text.strip().upper()
        if len(code) == 2 and code.isalpha() and code in self.countries.values():
            return code
        return self.countries.get(fold_name(text))

    def skill(self, text: str) -> str | None:
        text = text.strip()
        if text in self.skill_ids:
            return text
        return self.skills.get(fold_name(text))

    def organization(self, name: str, ror: str, country: str | None) -> OrgMatch:
        """The organisation a row names: by its ROR id (an organisation carrying it, else one
        named as the record is), else by exact folded name, else through the register's one
        record with that name (or, in `country`, acronym)."""
        record = None
        if ror.strip():
            ror_id = ror_of(ror)
            if ror_id is None:
                detail = f"'{ror.strip()[:60]}' is not a ROR id (such as https://ror.org/02jmfj006)"
                return OrgMatch(code="invalid_ror", detail=detail, of_ror=True)
            if ror_id in self.with_ror:
                return OrgMatch(org_id=self.with_ror[ror_id])
            record = self.register.by_id.get(ror_id)
            if record is None:
                detail = (
                    f"no organisation nor loaded ROR record has the id {ror_id}"
                    " (is ROR's register loaded?)"
                )
                return OrgMatch(code="unknown_ror", detail=detail, of_ror=True)
        key = fold_name(name)
        if key:
            named = self._named(key, country)
            if len(named) == 1:
                known = named[0]
                if record is not None and known.ror_id not in (None, record.id):
                    detail = f"'{name}' has the ROR id {known.ror_id}, not {record.id}"
                    return OrgMatch(code="ror_mismatch", detail=detail, of_ror=True)
                return OrgMatch(org_id=known.id)
            if len(named) > 1 and record is None:
                detail = f"{len(named)} organisations are named '{name}'; give the ROR id"
                return OrgMatch(code="unknown_organization", detail=detail)
        if record is None and key:
            record, fitted = _one(self.register.by_name.get(key, []), country)
            if record is None and not fitted and country:
                here = [r for r in self.register.by_acronym.get(key, []) if r.country == country]
                record, fitted = _one(here, country)
            if record is None:
                detail = f"no organisation is named '{name}'; add it first, or leave it out"
                if fitted > 1:
                    detail = f"{fitted} ROR records are named '{name}'; give the ROR id"
                return OrgMatch(code="unknown_organization", detail=detail)
        assert record is not None  # a ROR id or a name was given
        return self._of_record(record, of_ror=bool(ror.strip()) and not key)

    def _named(self, key: str, country: str | None) -> list[Known]:
        named = self.named.get(key, [])
        if len(named) > 1 and country:
            here = [k for k in named if k.country == country]
            return here or named
        return named

    def _of_record(self, record: RorRecord, *, of_ror: bool) -> OrgMatch:
        """The organisation carrying the record's id, or the one named as the record is in its
        country; else the record as a hint of what to add."""
        if record.id in self.with_ror:
            return OrgMatch(org_id=self.with_ror[record.id])
        same = {
            k.id
            for key in record.names_folded
            for k in self.named.get(key, [])
            if k.country == record.country and k.ror_id is None
        }
        if len(same) == 1:
            return OrgMatch(org_id=same.pop())
        detail = (
            f"no organisation in the database is ROR's '{record.name}' "
            f"(https://ror.org/{record.id}) yet; add it first, or leave it out"
        )
        return OrgMatch(code="unknown_organization", detail=detail, record=record, of_ror=of_ror)


def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for locale in ("en", "vi"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold_name(name), code)
    names.setdefault("viet nam", "VN")
    names.setdefault("vietnam", "VN")
    return names


def read_lookups(store: GraphStore) -> Lookups:
    """The approved organisations page by page, ROR's register in one query, the skills."""
    orgs = ResourceRepository(store, ORGANIZATION)
    approved: list[OrganizationRead] = []
    after = ""
    while True:
        batch = orgs.page(after=after, limit=500)
        approved += [o for o in batch if o.proposed_by is None]
        if len(batch) < 500:
            break
        after = batch[-1].id
    return Lookups(approved, skill_labels(store), RorRepository(store).all())
