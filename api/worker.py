"""The Celery app. Broker and result store: the configured Redis, or the data folder's embedded
Redis (api/broker_server.py), db 1."""

import contextlib
import logging

from celery import Celery
from celery.signals import worker_init, worker_process_init, worker_shutdown

from api.auth import signing_key
from api.broker_server import open_server
from api.embedder import configured_checkpoints, configured_embedder
from api.mailer import mail_letters, mailer_for
from api.settings import Settings, get_settings
from api.sources import source_config
from api.store import open_configured_store
from matching import tasks as matching_tasks
from matching.alerts import tasks as alert_tasks
from matching.vectors import tasks as embedding_tasks
from talent.alerts.mail import Mailing
from talent.imports import tasks as import_tasks
from talent.imports.clients import SourceClients
from talent.imports.models import HARVEST_TASK
from talent.jobs import tasks
from talent.jobs.model import REMINDER_TASK, SWEEP_TASK, TRIM_CHANGES_TASK
from talent.outbox import tasks as outbox_tasks
from talent.outbox.models import FLUSH_OUTBOX_TASK

log = logging.getLogger(__name__)

celery_app = Celery(
    "talent",
    include=[
        "talent.jobs.tasks",
        "talent.outbox.tasks",
        "matching.tasks",
        "matching.assignment.tasks",
        "talent.imports.tasks",
        "talent.bulk.tasks",
        "talent.organizations.tasks",
        "matching.vectors.tasks",
        "matching.alerts.tasks",
    ],
)
# Tasks are declared with shared_task in the domain package; they bind to this app.
celery_app.set_default()


def broker_url(settings: Settings) -> str:
    if settings.broker_url:
        return settings.broker_url
    return open_server(settings.data_dir).celery_url(db=1)


def visibility_timeout(settings: Settings) -> int:
    """Seconds an unacknowledged task waits before redelivery: past the hard time limit."""
    return settings.job_time_limit + 300


@celery_app.on_configure.connect
def _configure(sender: Celery, **_: object) -> None:
    # Resolved when the app is first used, so importing this module starts nothing.
    settings = get_settings()
    url = broker_url(settings)
    sender.conf.update(
        broker_url=url,
        result_backend=url,
        task_track_started=True,
        # Job state and results live in the graph; Celery's own result records are not read.
        task_ignore_result=True,
        # A task is acknowledged when it ends: one whose worker dies is delivered again, after
        # the visibility timeout (kept above the longest a job may run, so that a job still
        # running is never handed to a second worker), or sooner by the sweep of lost jobs.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        broker_transport_options={"visibility_timeout": visibility_timeout(settings)},
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.job_time_limit,
        task_time_limit=settings.job_time_limit + 30,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        # The beat (`talent serve` runs it beside its worker; production, its own service).
        beat_schedule={
            "freshness-reminders": {"task": REMINDER_TASK, "schedule": 24 * 3600.0},
            "flush-outbox": {"task": FLUSH_OUTBOX_TASK, "schedule": 60.0},
            "trim-changes": {"task": TRIM_CHANGES_TASK, "schedule": 3600.0},
            # Works written or changed since the last look get their vectors queued.
            "embed-changes": {"task": embedding_tasks.FOLLOW_TASK, "schedule": 5.0},
            # Watches tested against what changed since the last look; digests when due.
            # A tick not taken within a few seconds is dropped: the next one does its work.
            "evaluate-alerts": {
                "task": alert_tasks.EVALUATE_TASK,
                "schedule": 1.0,
                "options": {"expires": 5.0},
            },
            "alert-digests": {"task": alert_tasks.DIGEST_TASK, "schedule": 900.0},
            # Each tick queues the experts whose identifiers are due (weekly by default).
            "harvest-identifiers": {"task": HARVEST_TASK, "schedule": 3600.0},
            "sweep-lost-jobs": {
                "task": SWEEP_TASK,
                "schedule": settings.sweep_interval,
                "kwargs": {"from_beat": True},
            },
        },
        beat_schedule_filename=str(settings.data_dir.resolve() / "celerybeat-schedule"),
    )


def release_connections() -> None:
    """Close this process's broker and result-store connections (a web process at shutdown):
    the embedded Redis stops only when its last client has gone."""
    if not celery_app.configured:
        return
    backend = celery_app.backend
    consumer = getattr(backend, "result_consumer", None)
    client = getattr(backend, "client", None)
    # The transports' own errors vary; at shutdown none of them matters.
    with contextlib.suppress(Exception):
        celery_app.pool.force_close_all()
    with contextlib.suppress(Exception):
        if consumer is not None:
            consumer.stop()
    with contextlib.suppress(Exception):
        if client is not None:
            client.connection_pool.disconnect()


def _open_worker_store() -> None:
    settings = get_settings()
    tasks.use_store(open_configured_store(settings))
    outbox_tasks.use_mailer(mailer_for(settings))
    tasks.use_liveness(
        tasks.Liveness(
            heartbeat_s=settings.job_heartbeat,
            stale_after_ms=int(settings.job_stale_after * 1000),
            max_attempts=settings.job_attempts,
        )
    )
    tasks.use_mailer(mailer_for(settings), settings.public_url.rstrip("/"), mail_letters())
    import_tasks.use_sources(
        SourceClients(source_config(settings)),
        harvest_interval_days=settings.harvest_interval_days,
    )
    public_url = settings.public_url.rstrip("/")
    alert_tasks.use_mailing(Mailing(public_url, mail_letters(), signing_key(settings)))
    embedder = configured_embedder(settings)
    embedding_tasks.use_embedder(embedder)
    matching_tasks.use_embedder(embedder, configured_checkpoints(settings))


@worker_init.connect
def _on_worker_init(**_: object) -> None:
    # The solo and threads pools run tasks in this main process.
    _open_worker_store()


@worker_process_init.connect
def _on_process_init(**_: object) -> None:
    # Each prefork child gets its own connections.
    _open_worker_store()


@worker_shutdown.connect
def _on_shutdown(**_: object) -> None:
    log.info("worker stopping")
