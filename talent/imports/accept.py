"""A proposal the expert accepts becomes a work that carries where it came from; a work another
author already brought in (the same DOI) gains the expert as an author instead of a copy."""

from graph import GraphStore
from talent.audit.log import Action, Actor, AuditLog
from talent.core.ids import now_ms
from talent.core.names import clean_text
from talent.core.types import CURRENT_YEAR, Source
from talent.imports.models import Candidate, CandidateState, ReasonKind
from talent.imports.repository import ImportRepository
from talent.resources import service as resources
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from talent.sources.models import FoundWork

_TITLE, _VENUE, _ABSTRACT = 500, 300, 10_000


class Skipped(Exception):
    """The candidate was decided or changed elsewhere: its transaction is rolled back."""


class NotNamed(Exception):
    """Another author's work has this DOI, and nothing shows the expert wrote it too: neither
    their name in its author list nor an identifier they proved. Joining it is for staff."""


def accept(tx: GraphStore, candidate: Candidate, actor: Actor, *, by: str, proven: bool) -> str:
    """Within `tx`: the id of the work `candidate` becomes. `proven`: it comes from an
    identifier the expert proved is theirs. Raises `Skipped` when the candidate was decided or
    changed since it was read, and `NotNamed` when it would join another's work unshown, so
    that the caller's transaction writes nothing."""
    works = ResourceRepository(tx, WORK)
    imports = ImportRepository(tx)
    found = candidate.work
    # Under the DOI's lock: two authors accepting the same DOI at once make one work.
    existing = imports.work_by_doi(found.ids.doi) if found.ids.doi else None
    named = proven or any(r.kind is ReasonKind.NAME for r in candidate.reasons)
    if (
        existing is not None
        and not named
        and candidate.expert_id not in works.get(existing).author_ids
    ):
        raise NotNamed
    if existing is not None:
        work_id = existing
    else:
        work_id = works.insert(as_work(found, candidate.expert_id), system=provenance(found))
    if not imports.decide(candidate, CandidateState.ACCEPTED, by=by, work_id=work_id):
        raise Skipped
    if existing is not None:
        current = works.get(existing)
        if candidate.expert_id not in current.author_ids:
            item = WorkCreate.model_validate(
                {
                    **current.model_dump(include=set(WorkCreate.model_fields)),
                    "author_ids": [*current.author_ids, candidate.expert_id],
                }
            )
            resources.save(repo=works, current=current, item=item, actor=actor)
    else:
        details = {"import": candidate.id, "origin": found.source.value, "title": found.title}
        AuditLog(tx).record(actor, Action.WORK_CREATE, WORK.name, work_id, details)
    return work_id


def as_work(found: FoundWork, expert_id: str) -> WorkCreate:
    """The stored work: fields cut to the limits the API keeps, a year outside them left out."""
    year = found.year if found.year and 1900 <= found.year <= CURRENT_YEAR + 10 else None
    return WorkCreate(
        kind=found.kind,
        title=clean_text(found.title)[:_TITLE] or "(untitled)",
        abstract=found.abstract[:_ABSTRACT],
        year=year,
        doi=found.ids.doi,
        venue=clean_text(found.venue)[:_VENUE],
        author_ids=[expert_id],
        source=Source.IMPORTED,
    )


def provenance(found: FoundWork) -> dict[str, str | int | None]:
    return {
        "origin": found.source.value,
        "openalex_id": found.ids.openalex,
        "orcid_put_code": found.ids.orcid_put_code,
        "imported_at": now_ms(),
    }
