"""What waits for each kind of user, read through the services and repositories of each area:
an admin's reviews and proposed organisations; a ministry officer's due next actions, roles still
without candidates and the target; a lead's own roles with their figures; an expert's own
profile, how complete and how fresh."""

from datetime import date

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.agenda.models import (
    AdminAgenda,
    ExpertAgenda,
    LeadAgenda,
    MinistryAgenda,
    Waiting,
)
from talent.agenda.repository import AgendaRepository
from talent.core.errors import NotFound
from talent.experts import freshness
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.imports import service as imports
from talent.organizations.service import proposed
from talent.pipeline.kpi import kpi
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.target import current_target
from talent.search.index import SearchIndex

# A start page lists this many items of a kind; its count says how many there are in all.
SHOWN = 10


def admin_agenda(*, store: GraphStore) -> AdminAgenda:
    """Open duplicate and claim reviews, and organisations proposed at registration."""
    reviews = AgendaRepository(store).open_reviews()
    waiting = proposed(store=store)
    oldest = min((p.organization.created_at for p in waiting), default=None)
    return AdminAgenda(
        duplicates=reviews.get("duplicate", Waiting()),
        claims=reviews.get("claim", Waiting()),
        organizations=Waiting(count=len(waiting), oldest=oldest),
    )


def ministry_agenda(
    *, store: GraphStore, today: date, index: SearchIndex, default_target: int
) -> MinistryAgenda:
    """Next actions due by `today`, roles no run found a candidate for, and the progress
    against the target (the stored one, else `default_target`), counted as the KPI page
    counts it."""
    pipeline = PipelineRepository(store)
    target = current_target(repo=pipeline, default=default_target).target
    figures = kpi(repo=pipeline, index=index, target=target)
    repo = AgendaRepository(store)
    due, due_count, overdue_count = repo.due_actions(today.isoformat(), limit=SHOWN)
    unfilled, unfilled_count = repo.roles_without_candidates(limit=SHOWN)
    return MinistryAgenda(
        due=due,
        due_count=due_count,
        overdue_count=overdue_count,
        unfilled=unfilled,
        unfilled_count=unfilled_count,
        target=figures.target,
        engaged_leading=figures.engaged_leading,
        progress=figures.progress,
    )


def lead_agenda(*, store: GraphStore, lead: AccountRead) -> LeadAgenda:
    """The lead's own roles (of their programmes not closed), each with its figures."""
    return LeadAgenda(roles=AgendaRepository(store).lead_roles(lead.id))


def expert_agenda(*, store: GraphStore, viewer: AccountRead) -> ExpertAgenda:
    """The viewer's own profile: how complete, what is missing, when last confirmed, and how
    many imported works wait for their decision."""
    if viewer.expert_id is None:
        return ExpertAgenda()
    try:
        expert = ExpertService(store).read(viewer, viewer.expert_id)
    except NotFound:
        return ExpertAgenda()
    works = ExpertRepository(store).authored_counts([expert.id]).get(expert.id, 0)
    return ExpertAgenda(
        expert_id=expert.id,
        name=expert.full_name,
        completeness=expert.completeness,
        missing=freshness.missing(expert, works),
        confirmed_at=freshness.last_confirmed(expert),
        stale=expert.stale,
        verification_grade=expert.verification_grade,
        works_waiting=imports.counts(store, expert.id).proposed,
    )
