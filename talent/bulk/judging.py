"""What happens to each row of a list: its keys against earlier rows and existing profiles,
then the duplicate checker; shared by the dry run and the run."""

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


@dataclass(frozen=True, slots=True)
class Judged:
    """A chunk's reports, row by row, and the possible duplicates of the rows to write."""

    reports: list[RowReport]
    candidates: dict[int, list[Candidate]]


@dataclass(frozen=True, slots=True)
class Judge:
    """Says what happens to each row: keys seen earlier in the file, keys of live profiles,
    then the duplicate checker; all from the duplicate index as it is when a chunk is judged
    (the run asks for it afresh before each chunk, so it holds the chunks written before)."""

    first_rows: dict[str, int]
    # Each kind of key's column, as the file heads it.
    columns: dict[str, str]

    def judge_chunk(self, rows: list[Converted], index: DuplicateIndex) -> Judged:
        reports: dict[int, RowReport] = {}
        checked: list[Converted] = []
        with index.lock:
            for row in rows:
                early = self._by_keys(row, index)
                if early is None:
                    checked.append(row)
                else:
                    reports[row.number] = early
            profiles = [Profile.of("", row.item) for row in checked if row.item is not None]
            found = index.find_many(profiles)
        candidates = {row.number: each for row, each in zip(checked, found, strict=True)}
        for row in checked:
            reports[row.number] = _by_duplicates(row, candidates[row.number])
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


def _by_duplicates(row: Converted, candidates: list[Candidate]) -> RowReport:
    ids = [c.id for c in candidates]
    outcome = (
        Outcome.REVIEW if any(c.verdict is Verdict.LIKELY for c in candidates) else Outcome.CREATED
    )
    return RowReport(row=row.number, name=row.name, outcome=outcome, duplicates=ids)


def key_columns(found: ExpertList) -> dict[str, str]:
    kinds = {Field.EMAILS: "email", Field.ORCID: "orcid", Field.EXTERNAL_ID: "external_id"}
    columns = {kind: kind for kind in kinds.values()}
    for header, each in zip(found.headers, found.mapping, strict=True):
        if each in kinds:
            columns[kinds[each]] = header
    return columns


def judge_list(
    store: GraphStore, checker: DuplicateChecker, found: ExpertList
) -> dict[int, list[RowReport]]:
    """Per chunk of the list, what a run with `found.mapping` would do to each row now;
    nothing is written."""
    chunks = list(ExpertListRepository(store).chunks(found.id))
    judge = Judge(first_rows_of(found, chunks), key_columns(found))
    lookups = read_lookups(store)
    index = checker.source.current()
    return {
        chunk.n: judge.judge_chunk(convert_chunk(found, chunk, lookups), index).reports
        for chunk in chunks
    }


def convert_chunk(found: ExpertList, chunk: Chunk, lookups: Lookups) -> list[Converted]:
    return [convert(n, cells, found.mapping, found.headers, lookups) for n, cells in chunk.rows]


def first_rows_of(found: ExpertList, chunks: Iterable[Chunk]) -> dict[str, int]:
    first: dict[str, int] = {}
    for chunk in chunks:
        for number, cells in chunk.rows:
            for key in raw_keys(cells, found.mapping):
                first.setdefault(key, number)
    return first
