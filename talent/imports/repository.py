"""Import candidates, uploads and linked identifiers in the graph."""

import json
from collections.abc import Sequence

from graph import GraphStore
from graph.queries import imports as q
from graph.store import Row
from talent.core.ids import new_id, now_ms
from talent.imports.models import (
    Candidate,
    CandidateCounts,
    CandidateState,
    LinkedIdentifier,
    Reason,
    Scheme,
)
from talent.sources.models import FoundWork, SourceName


def candidate_key(expert_id: str, work_key: str) -> str:
    return f"{expert_id}|{work_key}"


def identifier_key(expert_id: str, scheme: str, value: str) -> str:
    return f"{expert_id}|{scheme}|{value}"


class Proposal:
    """One work to propose to an expert, with every source and reason it came with."""

    __slots__ = ("key", "reasons", "sources", "state", "work")

    def __init__(self, key: str, work: FoundWork, reasons: list[Reason]) -> None:
        self.key = key
        self.work = work
        self.sources = [work.source]
        self.reasons = list(reasons)
        self.state = CandidateState.PROPOSED


class ImportRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # Candidates

    def existing(self, expert_id: str, work_keys: Sequence[str]) -> dict[str, Candidate]:
        """The expert's candidates under these work keys, by work key."""
        keys = [candidate_key(expert_id, k) for k in work_keys]
        found: dict[str, Candidate] = {}
        for row in self.store.run(q.candidates_by_keys(expert_id, keys)):
            props = row["candidate"]
            found[props["key"].split("|", 1)[1]] = _candidate(props)
        return found

    def save(
        self, expert_id: str, job_id: str | None, proposals: Sequence[Proposal]
    ) -> list[Candidate]:
        stamp = now_ms()
        rows: list[Row] = []
        for p in proposals:
            common = {
                "payload": p.work.model_dump_json(),
                "sources": sorted({s.value for s in p.sources}),
                "reasons": json.dumps([r.model_dump(mode="json") for r in p.reasons]),
                "reason_keys": sorted({r.key for r in p.reasons}),
                "title": p.work.title,
                "updated_at": stamp,
            }
            props = {
                **common,
                "id": new_id(),
                "expert_id": expert_id,
                "created_at": stamp,
                **({"job_id": job_id} if job_id else {}),
            }
            if p.state is CandidateState.ACCEPTED:
                props["decided_at"] = stamp
            rows.append(
                {
                    "key": candidate_key(expert_id, p.key),
                    "props": props,
                    "state": p.state.value,
                    "update": common,
                }
            )
        if not rows:
            return []
        return [_candidate(r["candidate"]) for r in self.store.run(q.upsert_candidates(rows))]

    def page(
        self, expert_id: str, states: Sequence[CandidateState], *, after: str, limit: int
    ) -> list[Candidate]:
        query = q.page_candidates(expert_id, [s.value for s in states], after, limit)
        return [_candidate(r["candidate"]) for r in self.store.run(query)]

    def counts(self, expert_id: str) -> CandidateCounts:
        rows = self.store.run(q.count_candidates(expert_id))
        return CandidateCounts(**{r["state"]: r["n"] for r in rows})

    def get_many(self, expert_id: str, candidate_ids: Sequence[str]) -> list[Candidate]:
        rows = self.store.run(q.candidates(expert_id, candidate_ids))
        return [_candidate(r["candidate"]) for r in rows]

    def get(self, expert_id: str, candidate_id: str) -> Candidate | None:
        rows = self.store.run(q.candidate(expert_id, candidate_id))
        return _candidate(rows[0]["candidate"]) if rows else None

    def decide(
        self, candidate: Candidate, state: CandidateState, *, by: str, work_id: str | None = None
    ) -> bool:
        """Decide a candidate still proposed at the version read; False when it is not."""
        changes: dict[str, str | int] = {
            "state": state.value,
            "decided_at": now_ms(),
            "decided_by": by,
        }
        if work_id is not None:
            changes["work_id"] = work_id
        return bool(self.store.run(q.decide(candidate.id, candidate.version, changes)))

    def reject_from(self, expert_id: str, reason: Reason) -> int:
        rows = self.store.run(q.reject_from(expert_id, reason.key, now_ms()))
        return int(rows[0]["rejected"]) if rows else 0

    # The expert's works and works anywhere, as dedupe needs them

    def works_of(self, expert_id: str) -> list[Row]:
        return self.store.run(q.works_of(expert_id))

    def work_by_doi(self, doi: str) -> str | None:
        """Within a transaction: the work with this DOI, the DOI locked until it commits."""
        rows = self.store.run(q.work_by_doi(doi))
        return str(rows[0]["id"]) if rows and rows[0]["id"] is not None else None

    # Uploads kept for the job that reads them

    def save_upload(self, job_id: str, works: Sequence[FoundWork], name: str) -> None:
        payload = json.dumps({"name": name, "works": [w.model_dump(mode="json") for w in works]})
        self.store.run(q.save_upload(job_id, payload))

    def upload(self, job_id: str) -> tuple[str, list[FoundWork]] | None:
        rows = self.store.run(q.upload(job_id))
        if not rows:
            return None
        data = json.loads(rows[0]["payload"])
        return data["name"], [FoundWork.model_validate(w) for w in data["works"]]

    def drop_upload(self, job_id: str) -> None:
        self.store.run(q.drop_upload(job_id))

    def drop_finished_uploads(self) -> int:
        rows = self.store.run(q.drop_finished_uploads())
        return int(rows[0]["dropped"]) if rows else 0

    # Identifiers

    def identifiers(self, expert_id: str) -> list[LinkedIdentifier]:
        rows = self.store.run(q.identifiers(expert_id))
        return [LinkedIdentifier.model_validate(r["identifier"]) for r in rows]

    def holders(self, scheme: Scheme, value: str) -> list[LinkedIdentifier]:
        """Every profile's link to this identifier."""
        rows = self.store.run(q.holders(scheme.value, value))
        return [LinkedIdentifier.model_validate(r["identifier"]) for r in rows]

    def save_identifier(self, item: LinkedIdentifier) -> LinkedIdentifier:
        key = identifier_key(item.expert_id, item.scheme.value, item.value)
        props = item.model_dump(mode="json", exclude={"created_at"}, exclude_none=True)
        rows = self.store.run(q.save_identifier(key, props))
        return LinkedIdentifier.model_validate(rows[0]["identifier"])

    def move_identifier(self, expert_id: str, scheme: Scheme, old: str, new: str) -> None:
        """The link to `old` now names `new`, with its verdict and choices (when the expert
        linked `new` too, that link stays as it is)."""
        self.store.run(
            q.move_identifier(
                identifier_key(expert_id, scheme.value, old),
                identifier_key(expert_id, scheme.value, new),
                new,
            )
        )

    def delete_identifier(self, expert_id: str, scheme: str, value: str) -> bool:
        rows = self.store.run(q.delete_identifier(identifier_key(expert_id, scheme, value)))
        return bool(rows and rows[0]["deleted"])

    def due_identifiers(self, before: int, limit: int) -> list[LinkedIdentifier]:
        rows = self.store.run(q.due_identifiers(before, limit))
        return [LinkedIdentifier.model_validate(r["identifier"]) for r in rows]

    def owner(self, expert_id: str) -> tuple[str, list[str]]:
        """The profile's name and its owners' sign-in addresses (those confirmed)."""
        rows = self.store.run(q.owner(expert_id))
        if not rows:
            return "", []
        return str(rows[0]["name"] or ""), [str(e) for e in rows[0]["emails"] if e]

    def mark_harvested(self, expert_id: str) -> None:
        self.store.run(q.mark_harvested(expert_id, now_ms()))


def _candidate(props: Row) -> Candidate:
    return Candidate(
        id=props["id"],
        expert_id=props["expert_id"],
        state=CandidateState(props["state"]),
        work=FoundWork.model_validate_json(props["payload"]),
        sources=[SourceName(s) for s in props.get("sources", [])],
        reasons=[Reason.model_validate(r) for r in json.loads(props.get("reasons", "[]"))],
        job_id=props.get("job_id"),
        work_id=props.get("work_id"),
        created_at=props["created_at"],
        updated_at=props["updated_at"],
        decided_at=props.get("decided_at"),
        version=props.get("version", 0),
    )
