"""Pipeline entries, their stage changes and follow-up, and the stored KPI target in the graph."""

from dataclasses import dataclass

from graph import GraphStore
from graph.queries import pipeline as q
from graph.store import Row
from talent.pipeline.models import Entry, Stage, StageChange

TARGET_KEY = "kpi_target"


@dataclass(frozen=True, slots=True)
class Engagement:
    """A move to `engaged`, on the day it happened (ISO date)."""

    expert_id: str
    at: str


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """An account that may follow an expert: its id, name and address."""

    id: str
    name: str
    email: str
    role: str


@dataclass(frozen=True, slots=True)
class StoredSetting:
    value: int
    version: int
    updated_at: int | None
    updated_by: str | None


def _entry(props: Row) -> Entry:
    return Entry(
        expert_id=props["id"],
        stage=props["stage"],
        owner_id=props.get("owner_id"),
        since=props["since"],
        updated_at=props["updated_at"],
        resume_stage=props.get("resume_stage"),
        next_action_on=props.get("next_action_on"),
        next_action=props.get("next_action") or "",
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

    def move(
        self,
        *,
        expected: Stage | None,
        entry: Entry,
        change: StageChange,
        version: int | None = None,
    ) -> Entry | None:
        """Write the entry and its change if the expert is still at `expected` (and at
        `version`, when given); none when the expert does not exist or another move came
        first."""
        props = entry.model_dump(mode="json", exclude={"expert_id"})
        rows = self.store.run(
            q.pipeline_move(
                entry.expert_id,
                expected.value if expected else None,
                props,
                change.model_dump(mode="json"),
                version,
            )
        )
        return _entry(rows[0]["entry"]) if rows else None

    def follow_up(self, *, entry: Entry, version: int) -> Entry | None:
        """Write the entry's owner and next action if it is still at `version`; none when it
        changed meanwhile (or left the pipeline)."""
        props = entry.model_dump(
            mode="json", include={"owner_id", "next_action_on", "next_action", "updated_at"}
        )
        rows = self.store.run(q.pipeline_follow_up(entry.expert_id, version, props))
        return _entry(rows[0]["entry"]) if rows else None

    def history(self, expert_id: str) -> list[StageChange]:
        """The expert's stage changes in the order they were recorded."""
        rows = self.store.run(q.pipeline_history(expert_id))
        return [StageChange.model_validate(dict(row["change"])) for row in rows]

    def page(self, *, stage: Stage | None, after: str, limit: int) -> list[Entry]:
        """Up to `limit` entries after the expert id `after`, in expert id order."""
        rows = self.store.run(q.pipeline_page(stage.value if stage else None, after, limit))
        return [_entry(row["entry"]) for row in rows]

    def entries(self) -> list[Entry]:
        """Every entry in the pipeline, in no particular order."""
        return [_entry(row["entry"]) for row in self.store.run(q.pipeline_entries())]

    def staff(self, roles: list[str]) -> list[StaffAccount]:
        """The active accounts of `roles`, by id."""
        return [
            StaffAccount(
                id=row["id"], name=row["name"] or "", email=row["email"] or "", role=row["role"]
            )
            for row in self.store.run(q.staff_accounts(roles))
        ]

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

    def target(self) -> StoredSetting | None:
        """The stored KPI target; none while the default applies."""
        rows = self.store.run(q.setting(TARGET_KEY))
        if not rows or rows[0]["setting"].get("value") is None:
            return None
        found = rows[0]["setting"]
        return StoredSetting(
            value=int(found["value"]),
            version=int(found["version"]),
            updated_at=found.get("updated_at"),
            updated_by=found.get("updated_by"),
        )

    def set_target(self, *, value: int, version: int, at: int, by: str) -> StoredSetting | None:
        """Store the target if it is still at `version`; none when another change came first."""
        rows = self.store.run(q.set_setting(TARGET_KEY, version, value, at, by))
        if not rows:
            return None
        found = rows[0]["setting"]
        return StoredSetting(
            value=int(found["value"]),
            version=int(found["version"]),
            updated_at=found.get("updated_at"),
            updated_by=found.get("updated_by"),
        )
