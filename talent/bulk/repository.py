"""Expert lists in the graph: the list, its rows in chunks with each chunk's dry-run report and
run outcomes, and the keys of existing profiles."""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import NoReturn

from graph import GraphStore
from graph.queries import expert_lists as q
from talent.bulk.columns import Field
from talent.bulk.models import ExpertList, RowReport, Summary
from talent.core.errors import NotFound, Stale
from talent.core.ids import new_id, now_ms

CHUNK_ROWS = 500

Cells = list[str]
NumberedRow = tuple[int, Cells]


@dataclass(frozen=True, slots=True)
class Chunk:
    n: int
    rows: list[NumberedRow]
    done: bool


def _reports(text: str | None) -> list[RowReport]:
    return [RowReport.model_validate(r) for r in json.loads(text)] if text else []


def dump_reports(reports: list[RowReport]) -> str:
    return json.dumps([r.model_dump(mode="json", exclude_defaults=True) for r in reports])


class ExpertListRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def within(self, tx: GraphStore) -> "ExpertListRepository":
        return ExpertListRepository(tx)

    def create(
        self,
        *,
        filename: str,
        encoding: str,
        headers: list[str],
        mapping: list[Field | None],
        rows: list[NumberedRow],
        created_by: str,
    ) -> ExpertList:
        props = {
            "id": new_id(),
            "filename": filename,
            "encoding": encoding,
            "rows": len(rows),
            "headers": json.dumps(headers),
            "mapping": json.dumps(mapping),
            "created_at": now_ms(),
            "created_by": created_by,
            "version": 1,
        }
        chunks = [
            {"n": i // CHUNK_ROWS, "rows": json.dumps(rows[i : i + CHUNK_ROWS])}
            for i in range(0, len(rows), CHUNK_ROWS)
        ]
        self.store.write(lambda tx: tx.run(q.create_list(props, chunks)))
        found = self.get(str(props["id"]))
        assert found is not None
        return found

    def get(self, list_id: str) -> ExpertList | None:
        rows = self.store.run(q.get_list(list_id))
        if not rows:
            return None
        props = dict(rows[0]["list"])
        dry = props.pop("dry_run", None)
        return ExpertList.model_validate(
            {
                **props,
                "headers": json.loads(props["headers"]),
                "mapping": json.loads(props["mapping"]),
                "dry_run": json.loads(dry) if dry else None,
                "version": props.get("version", 0),
            }
        )

    def update(self, list_id: str, changes: Mapping[str, object], *, version: int) -> ExpertList:
        """Change the list if it is still at `version` (then at `version + 1`): 404 if it is
        gone, 409 if it changed since it was read."""
        if not self.store.run(q.update_list(list_id, changes, version=version)):
            self.refuse(list_id)
        found = self.get(list_id)
        assert found is not None
        return found

    def refuse(self, list_id: str) -> NoReturn:
        """The error for a versioned write that found nothing: gone, or at another version."""
        rows = self.store.run(q.list_version(list_id))
        if not rows:
            raise NotFound(f"expert list '{list_id}' does not exist", fields={"list_id": list_id})
        raise Stale(
            "this list changed meanwhile (a new mapping, dry run or run): look at it again "
            "and retry",
            fields={"version": f"now {rows[0]['version']}"},
        )

    def set_mapping(self, list_id: str, mapping: list[Field | None], *, version: int) -> ExpertList:
        """A new mapping makes the last dry run stale: its figures and its job are dropped."""
        changes = {"mapping": json.dumps(mapping), "dry_run": None, "dry_run_job": None}
        return self.update(list_id, changes, version=version)

    def start_dry_run(
        self, list_id: str, mapping: list[Field | None], job_id: str, *, version: int
    ) -> ExpertList:
        """The mapping the dry run judges with, and its job; the last figures are dropped."""
        changes = {"mapping": json.dumps(mapping), "dry_run": None, "dry_run_job": job_id}
        return self.update(list_id, changes, version=version)

    def set_dry_run(
        self,
        list_id: str,
        mapping: list[Field | None],
        reports: dict[int, list[RowReport]],
        *,
        version: int,
        job_id: str | None = None,
    ) -> ExpertList:
        """A dry run's report, per chunk, and its counts, if the list is still at `version`
        (in the caller's transaction: a refused write leaves the chunks' reports as they
        were)."""
        summary = Summary.of([r for each in reports.values() for r in each])
        changes = {
            "mapping": json.dumps(mapping),
            "dry_run": summary.model_dump_json(),
            "dry_run_job": job_id,
        }
        found = self.update(list_id, changes, version=version)
        payload: list[dict[str, object]] = [
            {"n": n, "report": dump_reports(each)} for n, each in reports.items()
        ]
        self.store.run(q.set_reports(list_id, payload))
        return found

    def set_job(self, list_id: str, job_id: str, *, version: int) -> ExpertList:
        return self.update(list_id, {"job_id": job_id}, version=version)

    def chunks(self, list_id: str) -> Iterator[Chunk]:
        for row in self.store.run(q.chunks(list_id)):
            rows = [(int(n), list(cells)) for n, cells in json.loads(row["rows"])]
            yield Chunk(int(row["n"]), rows, row["outcomes"] is not None)

    def reports(self, list_id: str) -> list[RowReport]:
        """The last dry run's report, row by row in the file's order."""
        found: list[RowReport] = []
        for row in self.store.run(q.chunk_reports(list_id)):
            found.extend(_reports(row["report"]))
        return found

    def outcomes(self, list_id: str) -> list[RowReport]:
        """What the runs did, row by row, for the chunks written so far."""
        found: list[RowReport] = []
        for row in self.store.run(q.chunks(list_id)):
            found.extend(_reports(row["outcomes"]))
        return found

    def claim_chunk(self, list_id: str, n: int, job_id: str) -> bool:
        """Under the chunk's lock (in the caller's transaction): whether no run wrote it yet."""
        return bool(self.store.run(q.claim_chunk(list_id, n, job_id)))

    def finish_chunk(self, list_id: str, n: int, job_id: str, outcomes: list[RowReport]) -> None:
        self.store.run(q.finish_chunk(list_id, n, job_id, dump_reports(outcomes)))
