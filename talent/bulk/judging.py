"""What happens to each row of a list: its keys against earlier rows and existing profiles,
then the duplicate checker; shared by the dry run and the run."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph import GraphStore
from talent.bulk.columns import Field
from talent.bulk.lookups import Lookups, read_lookups
from talent.bulk.models import ExpertList, Outcome, RowProblem, RowReport
from talent.bulk.repository import Chunk, ExpertListRepository
from talent.bulk.rows import Converted, convert, raw_keys
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, DuplicateIndex, Profile, Verdict


@dataclass
class Judge:
    """Says what happens to each row: keys seen earlier in the file, keys of existing
    profiles, and the duplicate checker."""

    first_rows: dict[str, int]
    existing: dict[str, str]
    checker: DuplicateChecker
    # Each kind of key's column, as the file heads it.
    columns: dict[str, str]
    found: dict[int, list[Candidate]] = field(default_factory=dict)
    index: DuplicateIndex | None = None

    def candidates(self, row: Converted) -> list[Candidate]:
        """The checker's verdicts, from the index as it was when this judge first asked: the
        same for the whole chunk (asking the checker row by row reads the change log each
        time, a query per row)."""
        if row.number not in self.found and row.item is not None:
            if self.index is None:
                self.index = self.checker.source.current()
            with self.index.lock:
                self.found[row.number] = self.index.find(Profile.of("", row.item))
        return self.found.get(row.number, [])

    def judge(self, row: Converted) -> RowReport:
        base = {"row": row.number, "name": row.name}
        if row.problems:
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
        matched = {
            self.existing[f"{kind}:{key}"]
            for kind, key in row.keys.labelled()
            if f"{kind}:{key}" in self.existing
        }
        if len(matched) > 1:
            detail = "its keys name different profiles: " + ", ".join(sorted(matched))
            kind = row.keys.labelled()[0][0]
            problem = RowProblem(column=self.columns[kind], code="keys_conflict", detail=detail)
            return RowReport(**base, outcome=Outcome.REFUSED, problems=[problem])
        if matched:
            return RowReport(**base, outcome=Outcome.MATCHED, expert_id=matched.pop())
        candidates = self.candidates(row)
        ids = [c.id for c in candidates]
        if any(c.verdict is Verdict.LIKELY for c in candidates):
            return RowReport(**base, outcome=Outcome.REVIEW, duplicates=ids)
        return RowReport(**base, outcome=Outcome.CREATED, duplicates=ids)


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
    lists = ExpertListRepository(store)
    chunks = list(lists.chunks(found.id))
    judge = Judge(first_rows_of(found, chunks), lists.all_keys(), checker, key_columns(found))
    lookups = read_lookups(store)
    return {
        chunk.n: [judge.judge(row) for row in convert_chunk(found, chunk, lookups)]
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
