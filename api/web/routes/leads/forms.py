"""The programme and role forms: what was typed, kept as typed so a page can show it again, and
turned into the models the services take, with an error per field in the viewer's language.
Skills and organisations are typed by name; ids never appear in a form."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.web.i18n import N_
from talent.core.types import EngagementMode, Residency
from talent.resources.models import (
    ProgrammeCreate,
    ProgrammeStatus,
    Requirement,
    RoleConstraints,
    RoleCreate,
    RoleRead,
    RoleUpdate,
)
from talent.search.skills import SkillResolver

Translate = Callable[[str], str]
# Blank requirement rows offered below the filled ones, and the most a form may send.
BLANK_ROWS = 2
MAX_ROWS = 60
KINDS = ("chief_engineer", "chief_architect")


def _text(form: FormData, name: str, limit: int = 4000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


@dataclass
class ProgrammeForm:
    name: str = ""
    description: str = ""
    status: str = ProgrammeStatus.PLANNED.value
    groups: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form: FormData) -> "ProgrammeForm":
        groups = [g[:120] for g in form.getlist("groups") if isinstance(g, str)][:20]
        return cls(
            _text(form, "name", 300),
            _text(form, "description"),
            _text(form, "status"),
            list(dict.fromkeys(groups)),
        )

    def model(self, tr: Translate, offered: set[str]) -> ProgrammeCreate | None:
        """The programme to create; its groups must be among those `offered` (in force)."""
        if not self.name:
            self.errors["name"] = tr(N_("Give the programme a name."))
        if self.status not in set(ProgrammeStatus):
            self.errors["status"] = tr(N_("Choose one of the statuses listed."))
        if any(g not in offered for g in self.groups):
            self.errors["groups"] = tr(N_("Choose among the technology groups listed."))
        if self.errors:
            return None
        data = {
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "tech_group_ids": self.groups,
        }
        return _validated(ProgrammeCreate, data, self.errors, tr)


@dataclass
class RequirementRow:
    skill: str = ""
    weight: str = "1"
    level: str = "3"
    must: bool = False


@dataclass
class RoleForm:
    """A role as typed in the editor (the new-role form fills only its first fields)."""

    title: str = ""
    kind: str = KINDS[0]
    description: str = ""
    rows: list[RequirementRow] = field(default_factory=list)
    residency: str = Residency.ANY.value
    min_years: str = "0"
    languages: str = ""
    modes: list[str] = field(default_factory=list)
    excluded: str = ""
    headcount: str = "1"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form: FormData) -> "RoleForm":
        rows = []
        for i in range(MAX_ROWS):
            if f"skill_{i}" not in form:
                break
            rows.append(
                RequirementRow(
                    skill=_text(form, f"skill_{i}", 200),
                    weight=_text(form, f"weight_{i}", 20) or "1",
                    level=_text(form, f"level_{i}", 2) or "3",
                    must=form.get(f"must_{i}") == "on",
                )
            )
        return cls(
            title=_text(form, "title", 300),
            kind=_text(form, "kind", 41) or KINDS[0],
            description=_text(form, "description"),
            rows=rows,
            residency=_text(form, "residency", 20) or Residency.ANY.value,
            min_years=_text(form, "min_years", 3) or "0",
            languages=_text(form, "languages", 100),
            modes=[m for m in form.getlist("modes") if isinstance(m, str)],
            excluded=_text(form, "excluded"),
            headcount=_text(form, "headcount", 4) or "1",
        )

    @classmethod
    def of(
        cls, role: RoleRead, skill_names: dict[str, str], org_names: dict[str, str]
    ) -> "RoleForm":
        """The editor's form for a stored role, skills and organisations by name."""
        rows = [
            RequirementRow(
                skill=skill_names.get(r.skill_id, r.skill_id),
                weight=f"{r.weight:g}",
                level=str(r.min_level),
                must=r.must,
            )
            for r in role.requirements
        ]
        c = role.constraints
        return cls(
            title=role.title,
            kind=role.kind,
            description=role.description,
            rows=rows,
            residency=c.residency.value,
            min_years=str(c.min_years),
            languages=", ".join(c.languages),
            modes=[m.value for m in c.engagement_modes],
            excluded="\n".join(org_names.get(o, o) for o in c.exclude_organization_ids),
            headcount=str(role.headcount),
        )

    def with_blanks(self, extra: int = BLANK_ROWS) -> "RoleForm":
        """The form with `extra` empty requirement rows to fill in below the others."""
        self.rows = [r for r in self.rows if r.skill][: MAX_ROWS - extra]
        self.rows += [RequirementRow() for _ in range(extra)]
        return self

    def check_title(self, tr: Translate) -> None:
        if not self.title:
            self.errors["title"] = tr(N_("Give the role a title."))
        # Other kinds than the two offered come from the API; kept as they are, if well-formed.
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,40}", self.kind):
            self.errors["kind"] = tr(N_("Choose one of the kinds listed."))

    def new_role(self, programme_id: str, tr: Translate) -> RoleCreate | None:
        """The role to create from the short form: a title, a kind and a description."""
        self.check_title(tr)
        if self.errors:
            return None
        data = {
            "programme_id": programme_id,
            "title": self.title,
            "kind": self.kind,
            "description": self.description,
        }
        return _validated(RoleCreate, data, self.errors, tr)

    def patch(
        self, resolver: SkillResolver, org_ids: dict[str, str | None], tr: Translate
    ) -> RoleUpdate | None:
        """The editor's changes, each skill and organisation resolved from its name."""
        self.check_title(tr)
        requirements = self._requirements(resolver, tr)
        constraints = self._constraints(org_ids, tr)
        headcount = _number(self.headcount, 1, 100)
        if headcount is None or headcount != int(headcount):
            self.errors["headcount"] = tr(
                N_("The number of experts is a whole number from 1 to 100.")
            )
        if self.errors or headcount is None:
            return None
        data = {
            "title": self.title,
            "kind": self.kind,
            "description": self.description,
            "requirements": requirements,
            "constraints": constraints,
            "headcount": int(headcount),
        }
        return _validated(RoleUpdate, data, self.errors, tr)

    def _requirements(self, resolver: SkillResolver, tr: Translate) -> list[Requirement]:
        found: list[Requirement] = []
        seen: set[str] = set()
        for i, row in enumerate(self.rows):
            if not row.skill:
                continue
            matches, suggestions = resolver.resolve(row.skill, limit=3)
            if not matches:
                hint = ", ".join(s.label_vi + " / " + s.label_en for s in suggestions)
                message = tr(N_("No skill of the taxonomy has this name."))
                if hint:
                    message += " " + tr(N_("Did you mean: %(names)s?")) % {"names": hint}
                self.errors[f"skill_{i}"] = message
                continue
            skill_id = matches[0].skill_id
            if skill_id in seen:
                self.errors[f"skill_{i}"] = tr(N_("This skill is already listed above."))
                continue
            seen.add(skill_id)
            weight = _number(row.weight, 0.05, 1.0)
            if weight is None:
                self.errors[f"weight_{i}"] = tr(N_("A weight is a number from 0.05 to 1."))
            level = _number(row.level, 1, 5)
            if level is None or level != int(level):
                self.errors[f"level_{i}"] = tr(N_("Choose a level from 1 to 5."))
            if weight is not None and level is not None:
                found.append(
                    Requirement(
                        skill_id=skill_id, weight=weight, min_level=int(level), must=row.must
                    )
                )
        return found

    def _constraints(self, org_ids: dict[str, str | None], tr: Translate) -> RoleConstraints:
        years = _number(self.min_years, 0, 60)
        if years is None or years != int(years):
            self.errors["min_years"] = tr(N_("Years are a whole number from 0 to 60."))
        if self.residency not in set(Residency):
            self.errors["residency"] = tr(N_("Choose one of the options listed."))
        if any(m not in set(EngagementMode) for m in self.modes):
            self.errors["modes"] = tr(N_("Choose among the options listed."))
        unknown = [name for name in self.excluded_names() if org_ids.get(name) is None]
        if unknown:
            self.errors["excluded"] = tr(N_("No organisation is named: %(names)s.")) % {
                "names": "; ".join(unknown)
            }
        languages = [x.strip() for x in self.languages.replace(";", ",").split(",") if x.strip()]
        data = {
            "residency": self.residency if "residency" not in self.errors else "any",
            "min_years": int(years) if "min_years" not in self.errors and years else 0,
            "engagement_modes": [] if "modes" in self.errors else self.modes,
            "exclude_organization_ids": sorted({i for i in org_ids.values() if i}),
        }
        try:
            return RoleConstraints.model_validate({**data, "languages": languages})
        except ValidationError:
            self.errors["languages"] = tr(
                N_("Write language codes such as vi, en or fr, separated by commas.")
            )
            return RoleConstraints.model_validate(data)

    def excluded_names(self) -> list[str]:
        return [line.strip() for line in self.excluded.splitlines() if line.strip()]

    def fields(self) -> dict[str, str | list[str]]:
        """The form by field name, as the browser sends it back (a ticked box: "on")."""
        found: dict[str, str | list[str]] = {
            "title": self.title,
            "kind": self.kind,
            "description": self.description,
            "headcount": self.headcount,
            "residency": self.residency,
            "min_years": self.min_years,
            "languages": self.languages,
            "modes": list(self.modes),
            "excluded": self.excluded,
        }
        for i, row in enumerate(self.rows):
            found[f"skill_{i}"] = row.skill
            found[f"weight_{i}"] = row.weight
            found[f"level_{i}"] = row.level
            found[f"must_{i}"] = "on" if row.must else ""
        return found


_REQUIREMENT = re.compile(r"(?:skill|weight|level|must)_(\d{1,3})")


def requirement_of(name: str) -> str | None:
    """The skill field of the requirement row a field belongs to (`level_2`: `skill_2`)."""
    found = _REQUIREMENT.fullmatch(name)
    return f"skill_{found.group(1)}" if found else None


@dataclass
class DecisionForm:
    """A shortlist or rejection as sent from a candidate's card."""

    expert_id: str
    decision: Literal["shortlisted", "rejected"]
    reason: str
    k: int
    error: str = ""

    @classmethod
    def read(cls, form: FormData) -> "DecisionForm":
        expert_id = _text(form, "expert_id", 120)
        decision: Literal["shortlisted", "rejected"] = (
            "rejected" if form.get("decision") == "rejected" else "shortlisted"
        )
        shown = _number(_text(form, "k", 3), 1, 200)
        found = cls(expert_id, decision, _text(form, "reason", 2000), int(shown or 10))
        if not expert_id:
            found.error = N_("Choose a candidate from the list.")
        elif len(found.reason) < 3 or form.get("decision") not in {"shortlisted", "rejected"}:
            found.error = N_("Write the reason, in a few words at least.")
        return found


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high else None


def _validated[M: BaseModel](
    model: type[M], data: Mapping[str, object], errors: dict[str, str], tr: Translate
) -> M | None:
    """The model, or None with an error on each field it refused (named by its first part)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "title"
            errors.setdefault(name, tr(N_("This value is not valid.")))
        return None
