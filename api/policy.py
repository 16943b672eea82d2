"""The access policy: for every operation (method and path as served), who may call it and
which ownership rule admits whom. Data only; `api/access.py` enforces it on every request,
and the app refuses to start when a route and this table disagree."""

from dataclasses import dataclass
from enum import StrEnum

V1 = "/api/v1"


class Caller(StrEnum):
    """Who calls: nobody signed in, or an account of one role."""

    ANONYMOUS = "anonymous"
    EXPERT = "expert"
    PROGRAMME_LEAD = "programme_lead"
    MINISTRY = "ministry"
    ADMIN = "admin"


class Rule(StrEnum):
    """What a caller admitted only as an owner must own. With no id in the path, a list
    shows them their own items only, and a create is theirs (a role: in a programme they
    lead, named in the body)."""

    NONE = "none"
    OWN_PROFILE = "own profile"  # the `{expert_id}` is the caller's profile
    OWN_WORK = "own work"  # the caller's profile is among the work's authors
    OWN_PROGRAMME = "own programme"  # the caller leads the programme
    OWN_ROLE = "own role"  # the caller leads the role's programme
    OWN_RUN = "own match run"  # ... the programme of the run's role
    OWN_JOB = "own match job"  # ... the programme of the match job's role


@dataclass(frozen=True, slots=True)
class Entry:
    """`callers` may call the operation on anything; `owners` only under `rule`. A caller in
    neither is refused (401 anonymous, else 403); an owner refused by the rule gets 404, as
    for an id that does not exist, so ids tell nobody what exists."""

    callers: frozenset[Caller]
    owners: frozenset[Caller] = frozenset()
    rule: Rule = Rule.NONE

    @property
    def public(self) -> bool:
        return Caller.ANONYMOUS in self.callers


def anyone() -> Entry:
    """Open to every caller, signed in or not; no token is read."""
    return Entry(frozenset(Caller))


def allow(*callers: Caller, owners: tuple[Caller, ...] = (), rule: Rule = Rule.NONE) -> Entry:
    """These callers, and admins always; `owners` under `rule`."""
    return Entry(frozenset({Caller.ADMIN, *callers}), frozenset(owners), rule)


EXPERT, LEAD, MINISTRY = Caller.EXPERT, Caller.PROGRAMME_LEAD, Caller.MINISTRY
SIGNED_IN = (EXPERT, LEAD, MINISTRY)
STAFF = (MINISTRY, LEAD)


def _resource(
    plural: str,
    *,
    create: Entry,
    read_list: Entry,
    read_item: Entry,
    update: Entry,
    delete: Entry,
) -> dict[tuple[str, str], Entry]:
    base = f"{V1}/{plural}"
    item = f"{base}/{{resource_id}}"
    return {
        ("POST", base): create,
        ("GET", base): read_list,
        ("GET", item): read_item,
        ("PATCH", item): update,
        ("DELETE", item): delete,
    }


def _lead_owns(rule: Rule, *callers: Caller) -> Entry:
    return allow(*callers, owners=(LEAD,), rule=rule)


POLICY: dict[tuple[str, str], Entry] = {
    # Accounts: signing in is open; accounts are the admins'.
    ("POST", f"{V1}/auth/login"): anyone(),
    ("GET", f"{V1}/auth/me"): allow(*SIGNED_IN),
    ("POST", f"{V1}/auth/logout"): allow(*SIGNED_IN),
    # One's own password, changed by whoever is signed in (other sessions end).
    ("POST", f"{V1}/auth/password"): allow(*SIGNED_IN),
    ("POST", f"{V1}/accounts"): allow(),
    ("GET", f"{V1}/accounts"): allow(),
    ("POST", f"{V1}/accounts/{{account_id}}/deactivate"): allow(),
    ("POST", f"{V1}/accounts/{{account_id}}/reactivate"): allow(),
    # Registration, claims and confirmation: anonymous, rate-limited.
    ("POST", f"{V1}/registrations"): anyone(),
    ("POST", f"{V1}/registrations/claims"): anyone(),
    ("POST", f"{V1}/registrations/confirm"): anyone(),
    ("POST", f"{V1}/registrations/resend"): anyone(),
    ("POST", f"{V1}/password/forgot"): anyone(),
    ("POST", f"{V1}/password/reset"): anyone(),
    # Experts: staff read; ministries create, edit and verify; an expert their own profile.
    ("GET", f"{V1}/experts/search"): allow(*STAFF),
    # Search by topic and "experts like this one": whom search shows, to whom it shows them.
    ("GET", f"{V1}/experts/topic"): allow(*STAFF),
    ("GET", f"{V1}/experts/{{expert_id}}/similar"): allow(*STAFF),
    ("POST", f"{V1}/experts"): allow(MINISTRY),
    ("GET", f"{V1}/experts"): allow(*STAFF),
    ("GET", f"{V1}/experts/statistics"): allow(*STAFF),
    ("GET", f"{V1}/experts/{{expert_id}}"): allow(*STAFF, owners=(EXPERT,), rule=Rule.OWN_PROFILE),
    ("PATCH", f"{V1}/experts/{{expert_id}}"): allow(
        MINISTRY, owners=(EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("POST", f"{V1}/experts/{{expert_id}}/confirm"): allow(
        MINISTRY, owners=(EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("POST", f"{V1}/experts/{{expert_id}}/verifications"): allow(MINISTRY),
    # Withdrawal is the expert's own decision (or an admin's on their behalf).
    ("POST", f"{V1}/experts/{{expert_id}}/withdraw"): allow(
        owners=(EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("DELETE", f"{V1}/experts/{{expert_id}}"): allow(),
    # An expert's imports: their own, or an admin's on their behalf.
    **{
        (method, f"{V1}/experts/{{expert_id}}{path}"): allow(
            owners=(EXPERT,), rule=Rule.OWN_PROFILE
        )
        for method, path in (
            ("GET", "/identifiers"),
            ("PUT", "/identifiers"),
            ("DELETE", "/identifiers/{scheme}/{value}"),
            ("POST", "/imports"),
            ("POST", "/imports/file"),
            ("GET", "/imports/{import_id}"),
            ("POST", "/imports/{import_id}/cancel"),
            ("GET", "/import-candidates"),
            ("GET", "/import-candidates/counts"),
            ("POST", "/import-candidates/decisions"),
        )
    },
    # Reviews, merges and the audit trail: admins.
    ("GET", f"{V1}/reviews"): allow(),
    ("POST", f"{V1}/reviews/{{review_id}}/decision"): allow(),
    ("GET", f"{V1}/reviews/organizations"): allow(),
    ("POST", f"{V1}/reviews/organizations/{{organization_id}}/decision"): allow(),
    # ROR's register: admins load a dump; staff who write organisations ask how a name resolves.
    ("POST", f"{V1}/ror/dumps"): allow(),
    ("GET", f"{V1}/ror/resolve"): allow(MINISTRY),
    ("POST", f"{V1}/merges"): allow(),
    ("GET", f"{V1}/merges/{{merge_id}}"): allow(),
    ("POST", f"{V1}/merges/{{merge_id}}/undo"): allow(),
    ("GET", f"{V1}/audit-events"): allow(),
    # Insight and the attraction pipeline: staff read, ministries move.
    ("GET", f"{V1}/insights/capability-map"): allow(*STAFF),
    ("GET", f"{V1}/insights/capability-map.csv"): allow(*STAFF),
    # Evidence by source and freshness: ministries (and admins).
    ("GET", f"{V1}/insights/evidence-sources"): allow(MINISTRY),
    ("GET", f"{V1}/pipeline/kpi"): allow(*STAFF),
    ("GET", f"{V1}/pipeline"): allow(*STAFF),
    ("GET", f"{V1}/pipeline/{{expert_id}}"): allow(*STAFF),
    ("POST", f"{V1}/pipeline/{{expert_id}}/transitions"): allow(MINISTRY),
    ("PATCH", f"{V1}/pipeline/{{expert_id}}"): allow(MINISTRY),
    ("GET", f"{V1}/pipeline/kpi/target"): allow(*STAFF),
    ("PUT", f"{V1}/pipeline/kpi/target"): allow(MINISTRY),
    # Organisations: every signed-in caller reads them (an expert names their affiliations).
    **_resource(
        "organizations",
        create=allow(MINISTRY),
        read_list=allow(*SIGNED_IN),
        read_item=allow(*SIGNED_IN),
        update=allow(MINISTRY),
        delete=allow(),
    ),
    # Works: staff read all; an expert reads, adds and edits only works they authored.
    **_resource(
        "works",
        create=allow(MINISTRY, owners=(EXPERT,), rule=Rule.OWN_WORK),
        read_list=allow(*STAFF, owners=(EXPERT,), rule=Rule.OWN_WORK),
        read_item=allow(*STAFF, owners=(EXPERT,), rule=Rule.OWN_WORK),
        update=allow(MINISTRY, owners=(EXPERT,), rule=Rule.OWN_WORK),
        delete=allow(),
    ),
    # Programmes and roles: ministries read all; a lead only theirs.
    **_resource(
        "programmes",
        create=allow(MINISTRY, LEAD),
        read_list=_lead_owns(Rule.OWN_PROGRAMME, MINISTRY),
        read_item=_lead_owns(Rule.OWN_PROGRAMME, MINISTRY),
        update=_lead_owns(Rule.OWN_PROGRAMME),
        delete=_lead_owns(Rule.OWN_PROGRAMME),
    ),
    **_resource(
        "roles",
        create=_lead_owns(Rule.OWN_ROLE),
        read_list=_lead_owns(Rule.OWN_ROLE, MINISTRY),
        read_item=_lead_owns(Rule.OWN_ROLE, MINISTRY),
        update=_lead_owns(Rule.OWN_ROLE),
        delete=_lead_owns(Rule.OWN_ROLE),
    ),
    # Matching, runs and decisions: the lead of the role's programme (and admins).
    ("POST", f"{V1}/roles/{{role_id}}/matches"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/exclusions"): _lead_owns(Rule.OWN_ROLE),
    ("POST", f"{V1}/roles/{{role_id}}/match-jobs"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/match-jobs/{{job_id}}"): _lead_owns(Rule.OWN_ROLE),
    ("POST", f"{V1}/roles/{{role_id}}/match-jobs/{{job_id}}/cancel"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/match-runs"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/match-runs/{{run_id}}"): _lead_owns(Rule.OWN_RUN),
    ("GET", f"{V1}/match-runs/{{run_id}}/candidates"): _lead_owns(Rule.OWN_RUN),
    ("POST", f"{V1}/roles/{{role_id}}/shortlist"): _lead_owns(Rule.OWN_ROLE),
    ("POST", f"{V1}/roles/{{role_id}}/rejections"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/decisions"): _lead_owns(Rule.OWN_ROLE),
    ("DELETE", f"{V1}/roles/{{role_id}}/decisions/{{expert_id}}"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/notes"): _lead_owns(Rule.OWN_ROLE),
    ("PUT", f"{V1}/roles/{{role_id}}/notes/{{expert_id}}"): _lead_owns(Rule.OWN_ROLE),
    # A team proposed for a programme: its lead, the ministry (and admins).
    ("POST", f"{V1}/programmes/{{resource_id}}/team-proposals"): _lead_owns(
        Rule.OWN_PROGRAMME, MINISTRY
    ),
    # Portfolio assignment across programmes: the ministry (and admins).
    ("POST", f"{V1}/assignments"): allow(MINISTRY),
    ("GET", f"{V1}/assignments/{{job_id}}"): allow(MINISTRY),
    ("POST", f"{V1}/assignments/{{job_id}}/cancel"): allow(MINISTRY),
    ("POST", f"{V1}/assignments/{{job_id}}/accept"): allow(MINISTRY),
    ("GET", f"{V1}/experts/{{expert_id}}/ledger"): allow(MINISTRY),
    ("PUT", f"{V1}/experts/{{expert_id}}/lead-limit"): allow(MINISTRY),
    # What accepted assignments proposed for a role: its lead, the ministry (and admins).
    ("GET", f"{V1}/roles/{{role_id}}/proposals"): _lead_owns(Rule.OWN_ROLE, MINISTRY),
    # Watches and alerts: a lead watches their own role, an expert asks for roles that fit
    # them; each person reads and manages only their own alerts; a mail's link is signed.
    ("PUT", f"{V1}/roles/{{role_id}}/watch"): _lead_owns(Rule.OWN_ROLE),
    ("GET", f"{V1}/roles/{{role_id}}/watch"): _lead_owns(Rule.OWN_ROLE),
    ("DELETE", f"{V1}/roles/{{role_id}}/watch"): _lead_owns(Rule.OWN_ROLE),
    ("PUT", f"{V1}/experts/{{expert_id}}/role-alerts"): allow(
        owners=(EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("DELETE", f"{V1}/experts/{{expert_id}}/role-alerts"): allow(
        owners=(EXPERT,), rule=Rule.OWN_PROFILE
    ),
    # A ministry officer watches a technology group's supply; staff their own saved searches.
    ("PUT", f"{V1}/groups/{{group_id}}/watch"): allow(MINISTRY),
    ("GET", f"{V1}/groups/{{group_id}}/watch"): allow(MINISTRY),
    ("DELETE", f"{V1}/groups/{{group_id}}/watch"): allow(MINISTRY),
    ("PUT", f"{V1}/saved-searches/{{saved_id}}/watch"): allow(*STAFF),
    ("GET", f"{V1}/saved-searches/{{saved_id}}/watch"): allow(*STAFF),
    ("DELETE", f"{V1}/saved-searches/{{saved_id}}/watch"): allow(*STAFF),
    ("GET", f"{V1}/watches"): allow(*SIGNED_IN),
    ("GET", f"{V1}/alerts"): allow(*SIGNED_IN),
    ("GET", f"{V1}/alerts/unread"): allow(*SIGNED_IN),
    ("POST", f"{V1}/alerts/read"): allow(*SIGNED_IN),
    ("GET", f"{V1}/alert-preferences"): allow(*SIGNED_IN),
    ("PUT", f"{V1}/alert-preferences"): allow(*SIGNED_IN),
    ("POST", f"{V1}/alerts/unsubscribe"): anyone(),
    # Saved searches: ministry staff and leads, each their own (another's answers 404).
    ("POST", f"{V1}/saved-searches"): allow(*STAFF),
    ("GET", f"{V1}/saved-searches"): allow(*STAFF),
    ("GET", f"{V1}/saved-searches/{{saved_id}}/results"): allow(*STAFF),
    ("DELETE", f"{V1}/saved-searches/{{saved_id}}"): allow(*STAFF),
    # Jobs: demo data and reminders are the admins'; a match job follows its role.
    ("POST", f"{V1}/jobs/demo-data"): allow(),
    ("POST", f"{V1}/jobs/freshness-reminders"): allow(),
    ("POST", f"{V1}/jobs/embedding-backfill"): allow(),
    ("GET", f"{V1}/jobs/{{job_id}}"): _lead_owns(Rule.OWN_JOB),
    ("POST", f"{V1}/jobs/{{job_id}}/cancel"): _lead_owns(Rule.OWN_JOB),
    # Open to anyone: the taxonomy, skill resolution and liveness.
    ("GET", f"{V1}/skills/resolve"): anyone(),
    ("GET", f"{V1}/taxonomy/groups"): anyone(),
    ("GET", f"{V1}/taxonomy/groups/{{group_id}}"): anyone(),
    ("GET", f"{V1}/taxonomy/skills"): anyone(),
    ("GET", f"{V1}/taxonomy/skills/{{skill_id}}"): anyone(),
    ("GET", f"{V1}/taxonomy/skills/{{skill_id}}/narrower"): anyone(),
    # A missing skill is proposed by anyone (rate-limited) and decided by an admin.
    ("POST", f"{V1}/taxonomy/proposals"): anyone(),
    ("GET", f"{V1}/taxonomy/proposals"): allow(),
    ("POST", f"{V1}/taxonomy/proposals/{{proposal_id}}/accept"): allow(),
    ("POST", f"{V1}/taxonomy/proposals/{{proposal_id}}/reject"): allow(),
    # Staff bulk import of experts from a list: ministries (and admins).
    **{
        (method, f"{V1}/expert-lists{path}"): allow(MINISTRY)
        for method, path in (
            ("GET", "/template"),
            ("POST", ""),
            ("GET", "/{list_id}"),
            ("PUT", "/{list_id}/mapping"),
            ("POST", "/{list_id}/dry-run"),
            ("GET", "/{list_id}/dry-run"),
            ("GET", "/{list_id}/dry-runs/{job_id}"),
            ("POST", "/{list_id}/dry-runs/{job_id}/cancel"),
            ("POST", "/{list_id}/imports"),
            ("GET", "/{list_id}/imports/{job_id}"),
            ("POST", "/{list_id}/imports/{job_id}/cancel"),
        )
    },
    ("GET", f"{V1}/health"): anyone(),
    ("GET", "/health"): anyone(),
}


def decide(entry: Entry, caller: Caller) -> str:
    """`allowed`, `owner` (allowed when the rule holds) or `refused`."""
    if caller in entry.callers:
        return "allowed"
    if caller in entry.owners:
        return "owner"
    return "refused"


def markdown_table(policy: dict[tuple[str, str], Entry] = POLICY) -> str:
    """The README's table of who may call what: a row per operation, a column per caller,
    the rule where a caller is admitted only as an owner."""
    callers = list(Caller)
    lines = [
        "| operation | " + " | ".join(f"`{c}`" for c in callers) + " |",
        "|---" * (len(callers) + 1) + "|",
    ]
    for (method, path), entry in policy.items():
        cells = [
            "yes" if c in entry.callers else entry.rule.value if c in entry.owners else ""
            for c in callers
        ]
        lines.append(f"| `{method} {path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)
