"""The KPI's target (leading experts to attract): stored once someone changes it, the
configured default until then; each change checks the version it read and is audited."""

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.errors import Conflict
from talent.core.ids import now_ms
from talent.pipeline.models import Target, TargetUpdate
from talent.pipeline.repository import PipelineRepository


def current_target(*, repo: PipelineRepository, default: int) -> Target:
    """The stored target, else `default` at version 0."""
    stored = repo.target()
    if stored is None:
        return Target(target=default, version=0)
    return Target(
        target=stored.value,
        version=stored.version,
        updated_at=stored.updated_at,
        updated_by=stored.updated_by,
    )


def change_target(
    *, store: GraphStore, caller: AccountRead, update: TargetUpdate, default: int
) -> Target:
    """Store the new target if it is still at `update.version`; a change made meanwhile is a
    409 and nothing is written."""
    before = current_target(repo=PipelineRepository(store), default=default)

    def work(tx: GraphStore) -> Target:
        stored = PipelineRepository(tx).set_target(
            value=update.target, version=update.version, at=now_ms(), by=caller.id
        )
        if stored is None:
            raise Conflict(
                "the target changed meanwhile; reload and retry",
                fields={"version": f"the target is now at version {before.version}"},
            )
        details = {"from": before.target, "to": stored.value}
        AuditLog(tx).record(actor_of(caller), Action.KPI_TARGET, "setting", "kpi_target", details)
        return Target(
            target=stored.value,
            version=stored.version,
            updated_at=stored.updated_at,
            updated_by=stored.updated_by,
        )

    return store.write(work)
