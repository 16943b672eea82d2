"""The import job: read each source the expert named, keep one proposal per work, leave out
what the expert already has or turned down, and accept at once what comes from an identifier
the expert said is theirs."""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import JsonValue

from graph import GraphStore
from talent.audit.log import Actor
from talent.experts.models import ExpertRead
from talent.experts.repository import ExpertRepository
from talent.imports.accept import Skipped, accept
from talent.imports.dedupe import deduplicate, title_key, work_key
from talent.imports.models import (
    CandidateState,
    LinkedIdentifier,
    ProblemKind,
    Reason,
    ReasonKind,
    Scheme,
    SourceProblem,
    Verdict,
)
from talent.imports.repository import ImportRepository, Proposal
from talent.imports.trust import Trust
from talent.sources.errors import SourceError, SourceMalformed, SourceNotFound
from talent.sources.http import SourceRefused
from talent.sources.models import FoundAuthor, FoundPerson, FoundWork
from talent.sources.names import PersonNames, match_author, name_keys, suggest_variants

log = logging.getLogger(__name__)

# Who accepts on the expert's behalf when an identifier is theirs: the audit trail says so.
SYSTEM = Actor(id="import", role="system")
# Most works read from one identifier: a prolific author has a few thousand.
MAX_WORKS_PER_SOURCE = 5_000


class Sources(Protocol):
    """What an import reads from the outside sources (talent/sources' clients)."""

    def orcid_works(self, orcid: str) -> list[FoundWork]: ...

    def orcid_person(self, orcid: str) -> FoundPerson: ...

    def openalex_author(self, key: str) -> FoundPerson: ...

    def openalex_works(self, author_id: str) -> Iterator[FoundWork]: ...

    def crossref_work(self, doi: str) -> FoundWork: ...


@dataclass
class Outcome:
    """What one run did, as the job's result reports it."""

    found: int = 0
    proposed: int = 0
    new: int = 0
    accepted: int = 0
    already_yours: int = 0
    turned_down_before: int = 0
    problems: list[SourceProblem] = field(default_factory=list)
    suggested_variants: list[str] = field(default_factory=list)
    # OpenAlex author ids linked by the expert that OpenAlex now serves under another id.
    moved: dict[str, str] = field(default_factory=dict)
    stopped: bool = False

    @property
    def read_whole(self) -> bool:
        """Every source was read to the end: none failed for now, and nobody stopped it."""
        return not self.stopped and not any(
            p.kind in (ProblemKind.UNAVAILABLE, ProblemKind.MALFORMED) for p in self.problems
        )

    def result(self) -> dict[str, JsonValue]:
        return {
            "found": self.found,
            "proposed": self.proposed,
            "new": self.new,
            "accepted": self.accepted,
            "already_yours": self.already_yours,
            "turned_down_before": self.turned_down_before,
            "problems": [p.model_dump(mode="json") for p in self.problems],
            "suggested_variants": list(self.suggested_variants),
            "moved": dict(self.moved),
        }


@dataclass(frozen=True)
class Plan:
    expert_id: str
    identifiers: bool
    dois: tuple[str, ...] = ()
    file: tuple[str, list[FoundWork]] | None = None


Progress = Callable[[int, int], bool]
# One source read: the works it found, each with why.
Step = Callable[[], Iterable[tuple[FoundWork, list[Reason]]]]


def gather_works(
    store: GraphStore, sources: Sources, plan: Plan, job_id: str | None, progress: Progress
) -> Outcome:
    """Gather, deduplicate and store the proposals of one import; `progress` returning False
    (a cancel) stops between steps, keeping what was stored."""
    expert = ExpertRepository(store).get(plan.expert_id)
    repo = ImportRepository(store)
    linked = repo.identifiers(plan.expert_id)
    links = linked if plan.identifiers else []
    outcome = Outcome()
    person = name_keys(
        expert.full_name, expert.family_name, expert.given_name, expert.name_variants
    )
    # An author list's iD names the expert only if they proved it through ORCID's sign-in: a
    # declared iD (on the profile, or linked) can be anyone's, and their name must match.
    orcids = Trust(linked).proven_ids
    steps = _steps(sources, plan, links, outcome)
    total = len(steps)
    gathered: list[tuple[FoundWork, list[Reason]]] = []
    for done, (subject, step) in enumerate(steps):
        if not progress(done, total):
            outcome.stopped = True
            break
        try:
            for work, reasons in step():
                gathered.append((work, reasons + _named(work, orcids, person)))
        except SourceError as exc:
            outcome.problems.append(_problem(exc, subject))
    outcome.found = len(gathered)
    for old, new in outcome.moved.items():
        repo.move_identifier(plan.expert_id, Scheme.OPENALEX, old, new)
    # Read again: a moved OpenAlex link keeps its verdict under its new id.
    trust = Trust(repo.identifiers(plan.expert_id) if outcome.moved else linked)
    fresh = _new_to(repo, expert, deduplicate(gathered), outcome)
    for p in fresh:
        if trust.arrives_accepted(p.reasons):
            p.state = CandidateState.ACCEPTED
    saved = repo.save(
        plan.expert_id, job_id, [p for p in fresh if p.state is CandidateState.PROPOSED]
    )
    outcome.proposed = len(saved)
    # New to the expert: created by this save, not proposed by an earlier run (or an earlier
    # attempt of this one, whose worker died).
    outcome.new = sum(1 for c in saved if c.created_at == c.updated_at)
    for p in fresh:
        if p.state is CandidateState.ACCEPTED:
            outcome.accepted += _accept_trusted(store, plan.expert_id, job_id, p)
    if not outcome.stopped:
        progress(total, total)
    return outcome


def _problem(exc: SourceError, subject: str) -> SourceProblem:
    kind = ProblemKind.UNAVAILABLE
    if isinstance(exc, SourceNotFound):
        kind = ProblemKind.NOT_FOUND
    elif isinstance(exc, SourceMalformed):
        kind = ProblemKind.MALFORMED
    elif isinstance(exc, SourceRefused):
        kind = ProblemKind.REFUSED
    log.warning("import: %s failed for %s: %s", exc.source.value, subject, exc.detail)
    return SourceProblem(source=exc.source.value, kind=kind, subject=subject)


def _steps(
    sources: Sources, plan: Plan, links: list[LinkedIdentifier], outcome: Outcome
) -> list[tuple[str, Step]]:
    steps: list[tuple[str, Step]] = []
    wanted = [i for i in links if i.verdict is not Verdict.NOT_ME]
    refused = {(i.scheme, i.value) for i in links if i.verdict is Verdict.NOT_ME}
    has_openalex = any(i.scheme is Scheme.OPENALEX for i in wanted)
    for link in wanted:
        if link.scheme is Scheme.ORCID:
            steps.append((link.value, _orcid(sources, link.value, outcome)))
            if not has_openalex:
                steps.append(
                    (link.value, _openalex_by_orcid(sources, link.value, refused, outcome))
                )
        else:
            steps.append((link.value, _openalex(sources, link.value, outcome, found_by="")))
    steps += [(doi, _doi(sources, doi)) for doi in plan.dois]
    if plan.file is not None:
        name, works = plan.file
        reason = [Reason(kind=ReasonKind.FILE, value=name)]
        steps.append((name, lambda: ((w, list(reason)) for w in works)))
    return steps


def _orcid(sources: Sources, orcid: str, outcome: Outcome) -> Step:
    def step() -> Iterable[tuple[FoundWork, list[Reason]]]:
        reason = Reason(kind=ReasonKind.ORCID, value=orcid)
        person = sources.orcid_person(orcid)
        outcome.suggested_variants += [*person.other_names, person.credit_name]
        return [(w, [reason]) for w in sources.orcid_works(orcid)[:MAX_WORKS_PER_SOURCE]]

    return step


def _openalex_by_orcid(
    sources: Sources, orcid: str, refused: set[tuple[Scheme, str]], outcome: Outcome
) -> Step:
    def step() -> Iterable[tuple[FoundWork, list[Reason]]]:
        try:
            author = sources.openalex_author(orcid)
        except SourceNotFound:
            return []
        if author.deleted or (Scheme.OPENALEX, author.id) in refused:
            return []
        return _openalex(sources, author.id, outcome, found_by=orcid, person=author)()

    return step


def _openalex(
    sources: Sources,
    author_id: str,
    outcome: Outcome,
    *,
    found_by: str,
    person: FoundPerson | None = None,
) -> Step:
    def step() -> Iterable[tuple[FoundWork, list[Reason]]]:
        author = person or sources.openalex_author(author_id)
        if author.deleted:
            outcome.problems.append(
                SourceProblem(source="openalex", kind=ProblemKind.DELETED, subject=author_id)
            )
            return []
        outcome.suggested_variants += list(author.other_names)
        if not found_by and author.id != author_id:
            # OpenAlex replaced the id (its 2023 author change): the link follows it.
            outcome.moved[author_id] = author.id
        reason = Reason(kind=ReasonKind.OPENALEX, value=author.id, via_orcid=author.orcid or "")
        found: list[tuple[FoundWork, list[Reason]]] = []
        for work in sources.openalex_works(author.id):
            found.append((work, [reason]))
            if len(found) >= MAX_WORKS_PER_SOURCE:
                outcome.problems.append(
                    SourceProblem(
                        source="openalex",
                        kind=ProblemKind.CUT,
                        subject=author.id,
                        count=MAX_WORKS_PER_SOURCE,
                    )
                )
                break
        return found

    return step


def _doi(sources: Sources, doi: str) -> Step:
    def step() -> Iterable[tuple[FoundWork, list[Reason]]]:
        return [(sources.crossref_work(doi), [Reason(kind=ReasonKind.DOI, value=doi)])]

    return step


def _named(work: FoundWork, orcids: set[str], person: PersonNames) -> list[Reason]:
    """Which author of the work is the expert, and how: by the ORCID iD the source lists
    beside the name, else by a name variant."""
    for author in work.authors:
        if author.orcid in orcids:
            return [_name_reason(author, "orcid")]
    for author in work.authors:
        match = match_author(author, person)
        if match is not None:
            return [_name_reason(author, match.kind.value)]
    return []


def _name_reason(author: FoundAuthor, how: str) -> Reason:
    where = author.affiliations[0] if author.affiliations else ""
    return Reason(kind=ReasonKind.NAME, value=author.raw, detail=how, affiliation=where[:300])


def _new_to(
    repo: ImportRepository, expert: ExpertRead, proposals: list[Proposal], outcome: Outcome
) -> list[Proposal]:
    """The proposals the expert has not got as works, nor accepted or turned down before."""
    mine_dois: set[str] = set()
    mine_titles: set[str] = set()
    for row in repo.works_of(expert.id):
        if row["doi"]:
            mine_dois.add(row["doi"])
        mine_titles.add(title_key(row["title"] or "", row["year"]))
    fresh: list[Proposal] = []
    for p in proposals:
        if (p.work.ids.doi and p.work.ids.doi in mine_dois) or title_key(
            p.work.title, p.work.year
        ) in mine_titles:
            outcome.already_yours += 1
        else:
            fresh.append(p)
    decided = repo.existing(expert.id, [work_key(p.work) for p in fresh])
    kept: list[Proposal] = []
    for p in fresh:
        before = decided.get(p.key)
        if before is not None and before.state is CandidateState.REJECTED:
            outcome.turned_down_before += 1
        elif before is None or before.state is CandidateState.PROPOSED:
            kept.append(p)
    outcome.suggested_variants = suggest_variants(expert.full_name, outcome.suggested_variants)
    known = {v.casefold() for v in expert.name_variants}
    outcome.suggested_variants = [
        v for v in outcome.suggested_variants if v.casefold() not in known
    ]
    return kept


def _accept_trusted(
    store: GraphStore, expert_id: str, job_id: str | None, proposal: Proposal
) -> int:
    """Store the proposal as proposed, then accept it in one transaction."""

    def work(tx: GraphStore) -> int:
        (candidate,) = ImportRepository(tx).save(expert_id, job_id, [_as_proposed(proposal)])
        if candidate.state is not CandidateState.PROPOSED:
            return 0
        accept(tx, candidate, SYSTEM, by="identifier", proven=True)
        return 1

    try:
        return store.write(work)
    except Skipped:
        return 0


def _as_proposed(p: Proposal) -> Proposal:
    copy = Proposal(p.key, p.work, p.reasons)
    copy.sources = p.sources
    return copy
