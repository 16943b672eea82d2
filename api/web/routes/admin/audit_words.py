"""An audit event in words, in the reader's language: who did what to whom ("Nguyễn Văn A (cán
bộ Bộ) đã hợp nhất hồ sơ Trần Thị B vào hồ sơ Trần Thị B"), with names read from their ids, and
its details as labelled text rather than JSON. Used by the page and its export alike."""

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import JsonValue

from api.web.i18n import N_, gettext, moment, number
from api.web.routes.admin.audit_phrases import (
    CANDIDATE,
    DECISIONS,
    IMPORTED,
    KINDS,
    PROPOSALS,
    SENTENCES,
)
from api.web.words import country_name, skill_name
from talent.audit.log import ANONYMOUS_ROLE, Action, AuditEvent
from talent.audit.names import Names

OTHER = N_("%(who)s: %(kind)s, %(target)s")
ROLES = {
    "admin": N_("administrator"),
    "ministry": N_("ministry staff"),
    "programme_lead": N_("programme lead"),
    "expert": N_("expert"),
}
WHO = N_("%(name)s (%(role)s)")
ANONYMOUS = N_("Someone not signed in")
GONE_ACCOUNT = N_("An account no longer here (%(id)s)")
GONE = N_("“%(id)s”, no longer here")
NOBODY = N_("an unknown address")
PAIR = N_("%(one)s and %(other)s")
STAGES = {
    "identified": N_("identified"),
    "contacted": N_("contacted"),
    "interested": N_("interested"),
    "negotiating": N_("negotiating"),
    "committed": N_("committed"),
    "engaged": N_("engaged"),
}
SOURCES = {
    "self_declared": N_("self-declared"),
    "institution_confirmed": N_("confirmed by an institution"),
    "ministry_verified": N_("verified by a ministry"),
    "imported": N_("imported"),
}
# Labels of the details events carry; keys not named here are left out of the words (ids of
# jobs and runs, internal counters), so no raw key reaches a reader.
LABELS = {
    "fields": N_("Personal data shown"),
    "via": N_("Where"),
    "source": N_("Confirmed by"),
    "skill_ids": N_("Skills"),
    "organization_ids": N_("Affiliations"),
    "work_ids": N_("Works"),
    "works_added": N_("Works added"),
    "reason": N_("Reason"),
    "decision": N_("Decision"),
    "role": N_("Role"),
    "name": N_("Name"),
    "email": N_("E-mail"),
    "experts": N_("Profiles that named it"),
    "proposed_organizations": N_("Organisations proposed"),
    "returned": N_("Candidates returned"),
    "mailed": N_("A mail was sent"),
    "resent": N_("The link was sent again"),
    "proven": N_("Proven by e-mail"),
    "changes": N_("Changed"),
    "values": N_("Values"),
    "also_deleted": N_("Also deleted"),
    "reviews": N_("Possible duplicates queued"),
    "to": N_("Stage"),
    "owner_id": N_("Person in charge"),
    "next_action": N_("Next action"),
    "next_action_on": N_("Next action date"),
    "group": N_("Technology group"),
    "records_created": N_("ROR records added"),
    "records_updated": N_("ROR records changed"),
    "records_unchanged": N_("ROR records unchanged"),
    "organizations_linked": N_("Organisations given a ROR id"),
}
FIELD_WORDS = {
    "emails": N_("e-mails"),
    "phone": N_("phone"),
    "search": N_("search results"),
}
# Of a created or deleted thing's values, those that name it.
NAMING = frozenset({"full_name", "name", "title", "kind", "country", "role", "email"})
FIELD_NAMES = {
    "full_name": N_("name"),
    "name": N_("name"),
    "title": N_("title"),
    "headline": N_("headline"),
    "bio": N_("biography"),
    "country": N_("country"),
    "nationality": N_("nationality"),
    "emails": N_("e-mails"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "skills": N_("skills"),
    "affiliations": N_("affiliations"),
    "languages": N_("languages"),
    "kind": N_("kind"),
    "website": N_("website"),
    "ror_id": N_("ROR id"),
    "status": N_("state"),
    "year": N_("year"),
    "description": N_("description"),
    "role": N_("role"),
}
YES, NO = N_("yes"), N_("no")
CHANGE = N_("%(field)s: “%(old)s” → “%(new)s”")
EMPTY = N_("(empty)")


@dataclass(frozen=True, slots=True)
class Described:
    """An event as a reader sees it: when, the sentence, and its details as (label, text)."""

    event: AuditEvent
    when: str
    kind: str
    who: str
    sentence: str
    details: list[tuple[str, str]]


class Describer:
    """Events in `locale`'s words, names looked up once per describer."""

    def __init__(self, names: Names, locale: str) -> None:
        self.names, self.locale = names, locale

    def _(self, message: str) -> str:
        return gettext(self.locale, message)

    def who(self, actor: str, role: str) -> str:
        if role == ANONYMOUS_ROLE:
            return self._(ANONYMOUS)
        found = self.names.who(actor)
        if found is None:
            return self._(GONE_ACCOUNT) % {"id": actor}
        role_word = self._(ROLES[found.role]) if found.role in ROLES else found.role
        return self._(WHO) % {"name": found.name, "role": role_word}

    def target(self, event: AuditEvent) -> str:
        if not event.target:
            return self._(NOBODY)
        if event.target_kind == "review":
            people = self.names.review_people(event.target)
            if len(people) == 2:
                return self._(PAIR) % {"one": people[0], "other": people[1]}
        name = self.names.target(event.target_kind, event.target) or _deleted_name(event)
        return name or self._(GONE) % {"id": event.target}

    def describe(self, event: AuditEvent) -> Described:
        return Described(
            event=event,
            when=moment(event.at, self.locale),
            kind=self._(KINDS.get(event.action, event.action.value)),
            who=self.who(event.actor, event.actor_role),
            sentence=self.sentence(event),
            details=self.details(event),
        )

    def sentence(self, event: AuditEvent) -> str:
        details = event.details
        words: dict[str, str] = {
            "who": self.who(event.actor, event.actor_role),
            "target": self.target(event),
            "kind": self._(KINDS.get(event.action, event.action.value)),
        }
        template = SENTENCES.get(event.action, OTHER)
        if event.action is Action.REVIEW_DECIDE:
            key = (event.target_kind, str(details.get("decision", "")))
            template = DECISIONS.get(key, OTHER)
        elif event.action is Action.MATCH_DECIDE:
            template = CANDIDATE.get(str(details.get("decision", "")), OTHER)
            expert = str(details.get("expert_id", ""))
            words["expert"] = self.names.expert(expert) or self._(GONE) % {"id": expert}
        elif event.action in (Action.EXPERT_MERGE, Action.EXPERT_UNMERGE):
            merged = str(details.get("merged", ""))
            words["merged"] = self.names.expert(merged) or self._(GONE) % {"id": merged}
        elif event.action is Action.KPI_TARGET:
            words["from"] = self.value("from", details.get("from")) or "—"
            words["to"] = self.value("to", details.get("to")) or "—"
        elif event.action is Action.SKILL_PROPOSE:
            words["name"] = str(details.get("name", ""))
        elif event.action is Action.SKILL_PROPOSAL_DECIDE:
            template = PROPOSALS.get(str(details.get("decision", "")), OTHER)
            words["skill"] = skill_name(str(details.get("skill", "")), None, self.locale)
        elif event.action is Action.IMPORT_DECIDE:
            template = IMPORTED.get(str(details.get("decision", "")), OTHER)
            words["title"] = str(details.get("title", ""))
        elif event.action in (Action.IDENTIFIER_LINK, Action.IDENTIFIER_UNLINK):
            words["identifier"] = f"{details.get('scheme', '')} {details.get('value', '')}".strip()
        elif event.action is Action.PIPELINE_MOVE:
            stage = str(details.get("to", ""))
            words["stage"] = self._(STAGES[stage]) if stage in STAGES else stage
        return self._(template) % words

    def details(self, event: AuditEvent) -> list[tuple[str, str]]:
        """The details a reader can use, each labelled, values in words."""
        shown: list[tuple[str, str]] = []
        if event.action is Action.KPI_TARGET:
            return shown  # its sentence says it all
        for key, value in event.details.items():
            if key not in LABELS or value in (None, "", [], {}):
                continue
            if key == "fields" and event.action is not Action.PII_VIEW:
                continue  # an update's changed fields: its changes name them
            if key in ("values", "changes") and isinstance(value, dict):
                text = self._fields(value, only=NAMING if key == "values" else None)
            else:
                text = self.value(key, value)
            if text:
                shown.append((self._(LABELS[key]), text))
        return shown

    def _field(self, name: str) -> str:
        return self._(FIELD_NAMES[name]) if name in FIELD_NAMES else name.replace("_", " ")

    def _fields(self, fields: Mapping[str, JsonValue], *, only: frozenset[str] | None) -> str:
        parts = []
        for name, value in fields.items():
            if only is not None and name not in only:
                continue
            if isinstance(value, dict) and "new" in value:
                old, new = self.value(name, value.get("old")), self.value(name, value.get("new"))
                words = {"field": self._field(name), "old": old or self._(EMPTY), "new": new}
                parts.append(self._(CHANGE) % words)
            elif value not in (None, "", [], {}):
                parts.append(f"{self._field(name)}: {self.value(name, value)}")
        return "; ".join(parts)

    def value(self, key: str, value: JsonValue) -> str:
        """A value in words: lists joined, yes/no, names for ids, numbers per locale."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self._(YES if value else NO)
        if isinstance(value, int | float):
            return number(value, self.locale)
        if isinstance(value, list):
            return ", ".join(filter(None, (self.value(key, v) for v in value)))
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.value(k, v)}" for k, v in value.items() if v)
        return self._text(key, value)

    def _text(self, key: str, value: str) -> str:
        if key in ("skill_ids", "skill_id"):
            return skill_name(value, None, self.locale)
        if key == "source":
            return self._(SOURCES.get(value, value))
        if key in ("fields", "via"):
            return self._(FIELD_WORDS.get(value, value))
        if key == "role" and value in ROLES:
            return self._(ROLES[value])
        if key == "decision":
            return self._(DECISION_WORDS.get(value, value))
        if key in ("country", "nationality"):
            return country_name(value, self.locale)
        if key in ("to", "stage") and value in STAGES:
            return self._(STAGES[value])
        if key in ("organization_ids", "proposed_organizations", "organization_id"):
            return self.names.target("organization", value) or value
        if key in ("experts", "expert_id"):
            return self.names.expert(value) or value
        if key == "owner_id":
            found = self.names.who(value)
            return found.name if found else value
        if key in ("work_ids", "works_added"):
            return self.names.target("work", value) or value
        return value


DECISION_WORDS = {
    "merge": N_("merged"),
    "distinct": N_("kept apart"),
    "approve": N_("approved"),
    "reject": N_("rejected"),
    "shortlisted": N_("shortlisted"),
    "rejected": N_("rejected"),
}


def _deleted_name(event: AuditEvent) -> str | None:
    """What a deleted thing was called, from the values its deletion recorded."""
    values = event.details.get("values")
    if isinstance(values, dict):
        for key in ("full_name", "name", "title"):
            if isinstance(values.get(key), str):
                return str(values[key])
    return None
