"""Pipeline entries and their stage changes in the graph."""

from dataclasses import dataclass

from graph import GraphStore
from graph.queries import pipeline as q
from graph.store import Row
from talent.pipeline.models import Entry, Stage, StageChange


@dataclass(frozen=True, slots=True)
class Engagement:
    """A move to `engaged`, on the day it happened (ISO date)."""

    expert_id: str
    at: str


def _entry(props: Row) -> Entry:
    return Entry(
        expert_id=props["id"],
        stage=props["stage"],
        owner_id=props.get("owner_id"),
        since=props["since"],
        updated_at=props["updated_at"],
    )


class PipelineRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def entry(self, expert_id: str) -> Entry | None:
        """The expert's entry; none if they never entered the pipeline."""
        rows = self.store.run(q.pipeline_entry(expert_id))
        if not rows or rows[0]["entry"].get("stage") is None:
            return None
        return _entry(rows[0]["entry"])

    def move(self, *, expected: Stage | None, entry: Entry, change: StageChange) -> Entry | None:
        """Write the entry and its change if the expert is still at `expected`; none when the
        expert does not exist or another move came first."""
        props = entry.model_dump(mode="json", exclude={"expert_id"})
        rows = self.store.run(
            q.pipeline_move(
                entry.expert_id,
                expected.value if expected else None,
                props,
                change.model_dump(mode="json"),
            )
        )
        return _entry(rows[0]["entry"]) if rows else None

    def history(self, expert_id: str) -> list[StageChange]:
        """The expert's stage changes in the order they were recorded."""
        rows = self.store.run(q.pipeline_history(expert_id))
        return [StageChange.model_validate(dict(row["change"])) for row in rows]

    def page(self, *, stage: Stage | None, after: str, limit: int) -> list[Entry]:
        """Up to `limit` entries after the expert id `after`, in expert id order."""
        rows = self.store.run(q.pipeline_page(stage.value if stage else None, after, limit))
        return [_entry(row["entry"]) for row in rows]

    def stages(self) -> dict[str, Stage]:
        """Each expert in the pipeline and their stage."""
        return {
            row["expert"]: Stage(row["stage"])
            for row in self.store.run(q.pipeline_stages())
            if row["stage"]
        }

    def engagements(self) -> list[Engagement]:
        """Every move to `engaged`, oldest first."""
        return [
            Engagement(expert_id=row["expert"], at=row["at"])
            for row in self.store.run(q.engagements())
        ]
