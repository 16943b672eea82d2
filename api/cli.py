"""The `talent` command: serve, worker, seed, import-taxonomy, create-admin, affinity."""

import argparse
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from api.broker_server import BrokerUnavailable, Kept
from api.settings import Settings, UnsafeListener, for_listener, get_settings
from api.store import open_configured_store, prepare
from api.supervise import Supervised
from graph import GraphStore, local
from graph.old_engine import OldEngineData, refuse_old_engine_data

log = logging.getLogger("talent")
DEMO_ADMIN = "admin@example.org"


def _settings(data_dir: Path | None) -> Settings:
    # Settings are read once per process: the data folder must be in the environment first,
    # so that the worker started from here sees the same one.
    if data_dir is not None:
        os.environ["TALENT_DATA_DIR"] = str(data_dir.resolve())
    get_settings.cache_clear()
    return get_settings()


def _use_graph(url: str) -> Settings:
    """Point this process, and every child it starts from now on, at the local Neo4j `url`."""
    os.environ.update(
        {
            "TALENT_GRAPH_URL": url,
            "TALENT_GRAPH_USER": local.USER,
            "TALENT_GRAPH_PASSWORD": local.PASSWORD,
        }
    )
    get_settings.cache_clear()
    return get_settings()


def _worker_command(concurrency: int, *, beat: bool = True) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "api.worker:celery_app", "worker",
        "--pool=threads", f"--concurrency={concurrency}", "--loglevel=INFO",
        *(["--beat"] if beat else []),
    ]  # fmt: skip


def _beat_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "api.worker:celery_app",
        "beat",
        "--loglevel=INFO",
    ]


def _demo_admin(store: GraphStore) -> None:
    """A demo service gets an admin to log in with: TALENT_ADMIN_PASSWORD, or a new one shown
    once in the log."""
    import secrets

    from talent.accounts.models import AccountCreate, Role
    from talent.accounts.repository import AccountRepository
    from talent.core.errors import Conflict

    password = os.environ.get("TALENT_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    item = AccountCreate(
        email=DEMO_ADMIN, password=password, role=Role.ADMIN, name="Demo administrator"
    )
    try:
        AccountRepository(store).create(item)
    except Conflict:
        return
    log.warning("demo admin: log in as %s with password %s", DEMO_ADMIN, password)


def serve(args: argparse.Namespace) -> int:
    from talent.demo.seeding import seed_demo
    from talent.experts.resource import EXPERT
    from talent.resources.repository import ResourceRepository

    settings = for_listener(_settings(args.data_dir), args.host, args.port)
    # The worker's and the beat's mails link to the same address as the API's.
    os.environ["TALENT_PUBLIC_URL"] = settings.public_url
    # SIGTERM becomes SystemExit from here on (uvicorn re-raises it after its own shutdown),
    # so that the block below stops whatever was started, in reverse order, however far the
    # start got.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    refuse_old_engine_data(settings.data_dir)
    with contextlib.ExitStack() as stack:
        if settings.local_graph():
            graph = local.claim(settings.data_dir)
            stack.callback(graph.forget)
            neo4j = Supervised(
                graph.start, name="neo4j", stop_timeout=local.STOP_TIMEOUT_S, first=graph.process
            )
            stack.callback(neo4j.stop)
            # The worker and the beat inherit the URL: restarts keep the port, so it holds.
            settings = _use_graph(graph.url)
        if settings.embedded_broker():
            # Started here, before the worker and the beat, which attach to it; started again
            # whenever it dies, at the same socket, where every client reconnects.
            broker = Kept(settings.data_dir)
            stack.callback(broker.stop)
        store = open_configured_store(settings)
        stack.callback(store.close)
        prepare(store)
        if args.demo and ResourceRepository(store, EXPERT).count() == 0:
            started = time.perf_counter()
            result = seed_demo(store, args.demo)
            log.info("demo data loaded in %.1f s: %s", time.perf_counter() - started, result)
            _demo_admin(store)
        # The beat runs beside the worker, not inside it: a beat forked by the worker would
        # outlive a killed worker (a second beat once it restarts) and keep the embedded Redis
        # open.
        worker = Supervised.command(_worker_command(2, beat=False), name="worker")
        stack.callback(worker.stop)
        beat = Supervised.command(_beat_command(), name="beat")
        stack.callback(beat.stop)
        _serve_api(args, settings, store)
    return 0


def _serve_api(args: argparse.Namespace, settings: Settings, store: GraphStore) -> None:
    import uvicorn

    from api.app import create_app
    from api.settings import forwarded_allow_ips

    # One API process serves the app made here; several each make their own from the
    # environment `serve` set, and start their indexes from the same checkpoint, whose arrays
    # they map and so share.
    app = create_app(settings, store) if args.workers == 1 else "api.app:create_app"
    # The client's address and scheme (a Secure session cookie behind TLS) from
    # X-Forwarded-For and X-Forwarded-Proto, only when TALENT_TRUSTED_PROXIES sent them:
    # uvicorn's own default would trust them from 127.0.0.1.
    uvicorn.run(
        app,
        factory=args.workers > 1,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips(settings.trusted_proxies),
    )


def worker(args: argparse.Namespace) -> int:
    settings = _settings(args.data_dir)
    if settings.local_graph():
        # The running local Neo4j of the folder, or one for as long as this command runs.
        _use_graph(local.url_for(settings.data_dir))
    return subprocess.call(_worker_command(args.concurrency), env=dict(os.environ))


def seed(args: argparse.Namespace) -> int:
    from talent.demo.seeding import seed_demo

    store = open_configured_store(_settings(args.data_dir))
    if args.fresh:
        store.drop_all()
    prepare(store)

    def report(done: int, total: int) -> bool:
        print(f"\r{done}/{total} experts", end="", file=sys.stderr, flush=True)
        return True

    started = time.perf_counter()
    result = seed_demo(store, args.demo, seed=args.seed, progress=report)
    print(file=sys.stderr)
    print(json.dumps({**result, "seconds": round(time.perf_counter() - started, 1)}))
    store.close()
    return 0


def import_taxonomy(args: argparse.Namespace) -> int:
    from talent.taxonomy.service import import_scheme

    store = open_configured_store(_settings(args.data_dir))
    prepare(store)
    print(json.dumps(import_scheme(store, args.file)))
    store.close()
    return 0


def affinity(args: argparse.Namespace) -> int:
    from api.embedder import configured_embedder
    from matching.affinity import ArchiveError, score_files
    from matching.embedding.cache import CachedEmbedder
    from matching.embedding.files import ModelFilesError

    try:
        embedder = configured_embedder()
    except ModelFilesError as exc:
        print(f"talent affinity: {exc}", file=sys.stderr)
        return 2
    cache = None
    if embedder is not None and args.vector_cache is not None:
        embedder = cache = CachedEmbedder(embedder, args.vector_cache)
    try:
        scores = score_files(args.archives, args.submissions, embedder)
    except ArchiveError as exc:
        print(f"talent affinity: {exc}", file=sys.stderr)
        return 2
    if cache is not None:
        cache.save()
    args.out.write_text(json.dumps(scores, sort_keys=True), encoding="utf-8")
    pairs = sum(len(row) for row in scores.values())
    print(json.dumps({"experts": len(scores), "pairs": pairs, "out": str(args.out)}))
    return 0


def ror_load(args: argparse.Namespace) -> int:
    """Load a ROR data dump (the zip ROR publishes, or its JSON) into the register: the code
    an uploaded dump's job runs, its progress printed to stderr."""
    from talent.audit.log import Actor
    from talent.core.errors import TalentError
    from talent.organizations.register.load import load_file

    shown = [-1]

    def progress(done: int, total: int) -> bool:
        percent = 100 * done // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            print(f"talent ror-load: {percent}%", file=sys.stderr, flush=True)
        return True

    store = open_configured_store(_settings(args.data_dir))
    prepare(store)
    actor = Actor(id="cli", role="admin")
    try:
        result = load_file(
            store=store,
            path=args.file,
            name=args.file.name,
            actor=actor,
            max_bytes=args.max_bytes,
            progress=progress,
        )
    except TalentError as exc:
        print(f"talent ror-load: {exc.detail}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"talent ror-load: {exc.strerror}: {args.file}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(result.model_dump_json())
    return 0


def create_admin(args: argparse.Namespace) -> int:
    """The first admin account; the password comes from TALENT_ADMIN_PASSWORD or a prompt."""
    import getpass

    from pydantic import ValidationError

    from talent.accounts.models import AccountCreate, Role
    from talent.accounts.repository import AccountRepository
    from talent.core.errors import Conflict

    password = os.environ.get("TALENT_ADMIN_PASSWORD") or getpass.getpass("password: ")
    try:
        item = AccountCreate(email=args.email, password=password, role=Role.ADMIN, name=args.name)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        print(f"talent create-admin: {problems}", file=sys.stderr)
        return 2
    store = open_configured_store(_settings(args.data_dir))
    prepare(store)
    try:
        account = AccountRepository(store).create(item)
    except Conflict as exc:
        print(f"talent create-admin: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(json.dumps({"id": account.id, "email": account.email, "role": account.role}))
    return 0


def _serve_parser(
    sub: "argparse._SubParsersAction[argparse.ArgumentParser]", data_dir: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("serve", parents=[data_dir], help="graph, worker, beat and API together")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--demo", type=int, default=0, metavar="N", help="load N demo experts on first start"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        choices=range(1, 65),
        metavar="N",
        help="API processes (one per core, less one for the worker and the graph)",
    )
    p.set_defaults(func=serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talent", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="data folder (TALENT_DATA_DIR): the local Neo4j's store, the embedded Redis, ...",
    )

    _serve_parser(sub, data_dir)

    p = sub.add_parser("worker", parents=[data_dir], help="a Celery worker")
    p.add_argument("--concurrency", type=int, default=2)
    p.set_defaults(func=worker)

    p = sub.add_parser("seed", parents=[data_dir], help="load demo data")
    p.add_argument("--demo", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--fresh", action="store_true", help="delete the graph first")
    p.set_defaults(func=seed)

    p = sub.add_parser("import-taxonomy", parents=[data_dir], help="import ESCO, SKOS or arXiv")
    p.add_argument("file", type=Path)
    p.set_defaults(func=import_taxonomy)

    p = sub.add_parser("ror-load", parents=[data_dir], help="load a ROR data dump (zip or JSON)")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--max-bytes", type=int, default=2_000_000_000, help="largest uncompressed JSON read"
    )
    p.set_defaults(func=ror_load)

    p = sub.add_parser("create-admin", parents=[data_dir], help="the first admin account")
    p.add_argument("--email", required=True)
    p.add_argument("--name", default="Administrator")
    p.set_defaults(func=create_admin)

    p = sub.add_parser("affinity", help="expert x item affinities from publication archives")
    p.add_argument("--archives", type=Path, required=True, help="folder of ~<expert>.jsonl")
    p.add_argument("--submissions", type=Path, required=True, help="JSON {id: item}")
    p.add_argument("--out", type=Path, required=True, help="JSON {expert: {item: score}}")
    p.add_argument(
        "--vector-cache", type=Path, help="an .npz file keeping the texts' vectors between runs"
    )
    p.set_defaults(func=affinity)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except (local.LocalGraphError, OldEngineData, BrokerUnavailable, UnsafeListener) as exc:
        # What to install or do: a traceback would only hide it.
        print(f"talent {args.command}: {exc}", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
