"""The run of an expert list, chunk by chunk: each chunk whole in one transaction with its
profiles, review pairs, audit events and invitations; a chunk a run wrote already is skipped."""

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from pydantic import JsonValue

from graph import GraphStore
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import LIFETIME_MS, clock
from talent.audit.changes import values
from talent.audit.log import Action, Actor, AuditLog
from talent.bulk.judging import Judge, Judged, convert_chunk, expert_id_of
from talent.bulk.lookups import read_lookups
from talent.bulk.models import ExpertList, Outcome, RowReport, Summary
from talent.bulk.repository import Chunk, ExpertListRepository
from talent.bulk.rows import Converted, new_organization_key
from talent.bulk.service import get_list
from talent.core.ids import now_ms
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import DuplicateIndex, Profile
from talent.experts.models import ExpertCreate, ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.experts.resource import EXPERT
from talent.jobs.model import JobResult, Progress
from talent.organizations.resolve import MatchedBy, Resolution, ensure_organization
from talent.reviews.queue import ReviewQueue


@dataclass(frozen=True, slots=True)
class Written:
    """A chunk's profiles, and the duplicate index the run added them to."""

    ids: list[str]
    into: DuplicateIndex | None


@dataclass(frozen=True, slots=True)
class Importer:
    """What a run needs besides the list: the store, the duplicate checker, the mails."""

    store: GraphStore
    checker: DuplicateChecker
    notices: Notices

    def import_list(
        self,
        *,
        list_id: str,
        job_id: str,
        actor: Actor,
        invite: bool,
        progress: Progress | None = None,
    ) -> JobResult:
        """Write the list chunk by chunk, each whole in one transaction with its audit events,
        reviews and mails; a chunk a run wrote already is skipped (a resumed or repeated run);
        stop between chunks when cancelled. The counts of the list's rows so far."""
        found = get_list(self.store, list_id)
        lists = ExpertListRepository(self.store)
        chunks = list(lists.chunks(list_id))
        judge = Judge.of(found, chunks)
        lookups = read_lookups(self.store)
        done = 0
        # The next chunk's rows are converted (Python alone) while this one's transaction
        # waits on the graph server.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-convert") as pool:
            todo = [chunk for chunk in chunks if not chunk.done]

            def converting(i: int) -> Future[list[Converted]] | None:
                if i >= len(todo):
                    return None
                return pool.submit(convert_chunk, found, todo[i], lookups)

            upcoming, position = converting(0), 0
            written = Written([], None)
            for chunk in chunks:
                if upcoming is not None and not chunk.done:
                    rows = upcoming.result()
                    position += 1
                    upcoming = converting(position)
                    written = self._chunk(found, chunk, rows, judge, job_id, actor, invite, written)
                done += len(chunk.rows)
                if progress is not None and not progress(done, found.rows):
                    break
        summary = Summary.of(lists.outcomes(list_id))
        result: dict[str, JsonValue] = {**summary.model_dump(), "list_id": list_id}
        return result

    def _chunk(
        self,
        found: ExpertList,
        chunk: Chunk,
        rows: list[Converted],
        judge: Judge,
        job_id: str,
        actor: Actor,
        invite: bool,
        written: Written,
    ) -> Written:
        """The chunk judged against the duplicate index as it is now (it holds what every
        earlier chunk wrote: `written` are the previous chunk's profiles, added to it already),
        then written whole unless another delivery wrote it first; the profiles written. (A
        profile another process creates in the moment between, with one of a row's keys, is
        not seen: the list's row is then written beside it, as a registration racing another
        would be.)"""
        index = self.checker.index(written=written.ids, into=written.into)
        judged = judge.judge_chunk(rows, index)
        lists = ExpertListRepository(self.store)

        def work(tx: GraphStore) -> tuple[Notices, list[Profile]] | None:
            here = lists.within(tx)
            if not here.claim_chunk(found.id, chunk.n, job_id):
                return None
            letters = self.notices.within(tx, to_requester=False)
            made = _write(tx, found.id, job_id, rows, judged, actor, letters, invite)
            here.finish_chunk(found.id, chunk.n, job_id, judged.reports)
            return letters, made

        done = self.store.write(work)
        if done is None:
            return Written([], None)
        letters, made = done
        letters.post()
        # The chunk's profiles go into the index as written, rather than being read back from
        # the graph when the change log next says they changed.
        with index.lock:
            for profile in made:
                index.add(profile)
        return Written([profile.id for profile in made], index)


def _write(
    tx: GraphStore,
    list_id: str,
    job_id: str,
    rows: list[Converted],
    judged: Judged,
    actor: Actor,
    letters: Notices,
    invite: bool,
) -> list[Profile]:
    """The chunk's new profiles (a likely duplicate pending), their review pairs, audit
    events and invitations, in the caller's transaction; the profiles, as the duplicate
    index holds them."""
    stamp = now_ms()
    made: list[tuple[str, ExpertCreate, RowReport]] = []
    written = [
        (row, each)
        for row, each in zip(rows, judged.reports, strict=True)
        if each.outcome in (Outcome.CREATED, Outcome.REVIEW) and row.item is not None
    ]
    organizations = _organizations(tx, [row for row, _ in written], actor)
    for row, each in written:
        assert row.item is not None
        expert_id = expert_id_of(list_id, row.number)
        item = _affiliated(row.item, organizations)
        if each.outcome is Outcome.REVIEW:
            item = item.model_copy(update={"status": ExpertStatus.PENDING})
        each.expert_id = expert_id
        made.append((expert_id, item, each))
    if not made:
        return []
    ExpertRepository(tx).upsert_rows(EXPERT.rows([(i, item) for i, item, _ in made], stamp=stamp))
    ReviewQueue(tx).add_duplicates_of(
        (expert_id, judged.candidates[each.row])
        for expert_id, _, each in made
        if judged.candidates.get(each.row)
    )
    accounts = AccountRepository(tx)
    events: list[tuple[str, dict[str, object]]] = []
    for expert_id, item, each in made:
        invited = False
        if invite and item.emails and item.status is ExpertStatus.ACTIVE:
            invited = _invite(accounts, letters, expert_id, item)
        details: dict[str, object] = {
            "values": values(item.model_dump(mode="json")),
            "imported_from": list_id,
            "job": job_id,
            "row": each.row,
            "invited": invited,
        }
        events.append((expert_id, details))
    AuditLog(tx).record_many(actor, Action.EXPERT_CREATE, "expert", events)
    return [Profile.of(expert_id, item) for expert_id, item, _ in made]


def _organizations(tx: GraphStore, rows: list[Converted], actor: Actor) -> dict[str, str]:
    """The organisations the rows name that no organisation in use was yet, made from ROR's
    records (audited; one another run made meanwhile is used instead): their ids by the key
    the rows' affiliations hold."""
    wanted = {
        new_organization_key(str(row.new_organization.ror_id)): row.new_organization
        for row in rows
        if row.new_organization is not None
    }
    made: dict[str, str] = {}
    for key, proposed in wanted.items():
        resolution = Resolution(MatchedBy.ROR_RECORD, proposed=proposed)
        organization = ensure_organization(tx, resolution, actor)
        assert organization is not None  # a proposal always makes or finds one
        made[key] = organization.id
    return made


def _affiliated(item: ExpertCreate, organizations: dict[str, str]) -> ExpertCreate:
    if not any(a.organization_id in organizations for a in item.affiliations):
        return item
    affiliations = [
        a.model_copy(update={"organization_id": organizations[a.organization_id]})
        if a.organization_id in organizations
        else a
        for a in item.affiliations
    ]
    return item.model_copy(update={"affiliations": affiliations})


def _invite(
    accounts: AccountRepository, letters: Notices, expert_id: str, item: ExpertCreate
) -> bool:
    """The claim flow's link to the profile's first address, unless an account holds it."""
    email = str(item.emails[0]).lower()
    if accounts.email_taken(email):
        return False
    account_id = accounts.create_pending(
        email=email, name=item.full_name, expert_id=None, expires_at=clock() + LIFETIME_MS
    )
    letters.claim_link(email=email, account_id=account_id, expert_id=expert_id)
    return True
