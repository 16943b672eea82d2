"""What happens to each row of a list: its keys against earlier rows and existing profiles,
then the duplicate checker; shared by the dry run and the run."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from graph import GraphStore
from talent.bulk.columns import Field
from talent.bulk.lookups import Lookups, read_lookups
from talent.bulk.models import ExpertList, Outcome, RowProblem, RowReport
from talent.bulk.repository import Chunk, ExpertListRepository
from talent.bulk.rows import Converted, convert, raw_keys
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, DuplicateIndex, Profile, Verdict
from talent.jobs.model import Progress

# Imported profiles' ids follow from the list and the row: a batch written again after a
# lost worker writes the same nodes.
_IDS = uuid.UUID("6f1d3c1e-5b8a-4b7e-9a51-6b1f0c6f2a10")


def expert_id_of(list_id: str, row: int) -> str:
    return str(uuid.uuid5(_IDS, f"{list_id}:{row}"))


@dataclass(frozen=True, slots=True)
class Judged:
    """A chunk's reports, row by row, and the possible duplicates of the rows to write (the
    profiles a run gives earlier rows of the list among them)."""

    reports: list[RowReport]
    candidates: dict[int, list[Candidate]]


@dataclass(frozen=True, slots=True)
class Judge:
    """Says what happens to each row: keys seen earlier in the file, keys of live profiles,
    then the duplicate checker, against the live profiles and the list's earlier rows."""

    list_id: str
    first_rows: dict[str, int]
    # Each kind of key's column, as the file heads it.
    columns: dict[str, str]
    # The ids a run gives the list's rows, to their row numbers.
    row_of: dict[str, int]

    @classmethod
    def of(cls, found: ExpertList, chunks: list[Chunk]) -> "Judge":
        rows = [number for chunk in chunks for number, _ in chunk.rows]
        return cls(
            found.id,
            first_rows_of(found, chunks),
            key_columns(found),
            {expert_id_of(found.id, number): number for number in rows},
        )

    def judge_chunk(
        self, rows: list[Converted], index: DuplicateIndex, earlier: DuplicateIndex | None = None
    ) -> Judged:
        """Against the live profiles in `index` (in a run: with what earlier chunks wrote), the
        earlier rows of this chunk, and those of earlier chunks in `earlier` (a dry run's own
        record of them, which it extends)."""
        reports: dict[int, RowReport] = {}
        checked: list[Converted] = []
        with index.lock:
            for row in rows:
                early = self._by_keys(row, index)
                if early is None:
                    checked.append(row)
                else:
                    reports[row.number] = early
            profiles = [
                Profile.of(expert_id_of(self.list_id, row.number), row.item)
                for row in checked
                if row.item is not None
            ]
            found = index.find_many(profiles)
        mates = DuplicateIndex(profiles).find_many(profiles)
        before = earlier.find_many(profiles) if earlier is not None else [[] for _ in profiles]
        candidates: dict[int, list[Candidate]] = {}
        for row, live, same, prior in zip(checked, found, mates, before, strict=True):
            ahead = [c for c in same if self.row_of[c.id] < row.number]
            candidates[row.number] = _ranked([*live, *ahead, *prior])
            reports[row.number] = self._by_duplicates(row, candidates[row.number])
        if earlier is not None:
            for profile in profiles:
                earlier.add(profile)
        return Judged([reports[row.number] for row in rows], candidates)

    def _by_keys(self, row: Converted, index: DuplicateIndex) -> RowReport | None:
        """The row's report when its problems or keys settle it; None for the checker."""
        base = {"row": row.number, "name": row.name}
        if row.problems or row.item is None:
            problems = [
                RowProblem(column=p.column, code=p.code, detail=p.detail) for p in row.problems
            ]
            return RowReport(**base, outcome=Outcome.REFUSED, problems=problems)
        repeated = [
            (self.first_rows[f"{kind}:{key}"], kind, key)
            for kind, key in row.keys.labelled()
            if self.first_rows.get(f"{kind}:{key}", row.number) < row.number
        ]
        if repeated:
            earlier, kind, key = min(repeated)
            detail = f"repeats row {earlier} (the same {kind.replace('_', ' ')} {key})"
            problem = RowProblem(
                column=self.columns[kind], code="repeated", detail=detail, earlier_row=earlier
            )
            return RowReport(**base, outcome=Outcome.REFUSED, problems=[problem])
        holders = {index.holder(kind, key) for kind, key in row.keys.labelled()}
        matched = {h for h in holders if h is not None}
        if len(matched) > 1:
            detail = "its keys name different profiles: " + ", ".join(sorted(matched))
            kind = row.keys.labelled()[0][0]
            problem = RowProblem(column=self.columns[kind], code="keys_conflict", detail=detail)
            return RowReport(**base, outcome=Outcome.REFUSED, problems=[problem])
        if matched:
            return RowReport(**base, outcome=Outcome.MATCHED, expert_id=matched.pop())
        return None

    def _by_duplicates(self, row: Converted, candidates: list[Candidate]) -> RowReport:
        likely = any(c.verdict is Verdict.LIKELY for c in candidates)
        return RowReport(
            row=row.number,
            name=row.name,
            outcome=Outcome.REVIEW if likely else Outcome.CREATED,
            duplicates=[c.id for c in candidates if c.id not in self.row_of],
            duplicate_rows=sorted(self.row_of[c.id] for c in candidates if c.id in self.row_of),
            new_organization=row.new_organization.name if row.new_organization else None,
        )


def _ranked(candidates: list[Candidate], limit: int = 10) -> list[Candidate]:
    """As the checker ranks its own: likely first, then by score, then by id."""
    order = sorted(candidates, key=lambda c: (c.verdict != Verdict.LIKELY, -c.score, c.id))
    return order[:limit]


def key_columns(found: ExpertList) -> dict[str, str]:
    kinds = {Field.EMAILS: "email", Field.ORCID: "orcid", Field.EXTERNAL_ID: "external_id"}
    columns = {kind: kind for kind in kinds.values()}
    for header, each in zip(found.headers, found.mapping, strict=True):
        if each in kinds:
            columns[kinds[each]] = header
    return columns


def judge_list(
    store: GraphStore,
    checker: DuplicateChecker,
    found: ExpertList,
    progress: Progress | None = None,
) -> dict[int, list[RowReport]] | None:
    """Per chunk of the list, what a run with `found.mapping` would do to each row now;
    nothing is written. None when `progress`, told after each chunk, says stop."""
    chunks = list(ExpertListRepository(store).chunks(found.id))
    judge = Judge.of(found, chunks)
    lookups = read_lookups(store)
    index = checker.index()
    earlier = DuplicateIndex()
    judged: dict[int, list[RowReport]] = {}
    done = 0
    for chunk in chunks:
        rows = convert_chunk(found, chunk, lookups)
        judged[chunk.n] = judge.judge_chunk(rows, index, earlier).reports
        done += len(rows)
        if progress is not None and not progress(done, found.rows):
            return None
    return judged


def convert_chunk(found: ExpertList, chunk: Chunk, lookups: Lookups) -> list[Converted]:
    return [convert(n, cells, found.mapping, found.headers, lookups) for n, cells in chunk.rows]


def first_rows_of(found: ExpertList, chunks: Iterable[Chunk]) -> dict[str, int]:
    first: dict[str, int] = {}
    for chunk in chunks:
        for number, cells in chunk.rows:
            for key in raw_keys(cells, found.mapping):
                first.setdefault(key, number)
    return first
