"""Shared fixtures: the graph on a Neo4j 5 server started for the run, a real Celery worker and
a real HTTP server."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Settings are read once per process: the folder must be known before any import.
DATA_DIR = Path(tempfile.mkdtemp(prefix="talentgraph-test-"))
os.environ["TALENT_DATA_DIR"] = str(DATA_DIR)
# Each test must see the index of its own data: never served from a previous index while a
# slow rebuild runs (that behaviour has its own tests).
os.environ["TALENT_INDEX_WAIT"] = "1000"
# The suite signs in and registers far more often than a person; the limits have their own test.
os.environ["TALENT_RATE_LIMIT_LOGIN"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_LOGIN_ADDRESS"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_REGISTER"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_CONFIRM"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_LOGIN_ACCOUNT"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_RESET_MAIL"] = "10000/minute"
os.environ["TALENT_RATE_LIMIT_SUGGEST"] = "10000/minute"
os.environ.pop("TALENT_GRAPH_URL", None)
os.environ.pop("TALENT_BROKER_URL", None)

# ORCID, OpenAlex and Crossref: a local server answering in their formats, for every process
# of the run (the app, the worker), so that nothing reaches the internet.
from tests.sources.server import MAILTO, SourceServer  # noqa: E402

SOURCES = SourceServer().start()
os.environ |= {
    "TALENT_ORCID_API_URL": f"{SOURCES.url}/orcid/v3.0",
    "TALENT_ORCID_SITE_URL": f"{SOURCES.url}/orcid-site",
    "TALENT_OPENALEX_API_URL": f"{SOURCES.url}/openalex",
    "TALENT_CROSSREF_API_URL": f"{SOURCES.url}/crossref",
    "TALENT_SOURCE_MAILTO": MAILTO,
    "TALENT_SOURCE_TIMEOUT": "5",
    "TALENT_SOURCE_RETRIES": "2",
    "TALENT_SOURCE_MAX_WAIT": "1",
    "TALENT_ORCID_CLIENT_ID": "APP-TALENTGRAPH0001",
    "TALENT_ORCID_CLIENT_SECRET": "test-secret",
}

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import for_listener, forwarded_allow_ips, get_settings  # noqa: E402
from api.store import prepare  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from talent.accounts.models import Role  # noqa: E402
from tests.accounts import SignIn, signed_in  # noqa: E402
from tests.neo4j_server import Neo4jServer, neo4j_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def neo4j() -> Iterator[Neo4jServer]:
    """The Neo4j 5 server of the run. TALENT_GRAPH_URL names it for the while, so the settings
    of this process and of those the tests start lead there too."""
    with neo4j_server(DATA_DIR / "neo4j.log") as server:
        os.environ |= {
            "TALENT_GRAPH_URL": server.url,
            "TALENT_GRAPH_USER": server.user,
            "TALENT_GRAPH_PASSWORD": server.password,
        }
        get_settings.cache_clear()
        yield server
        for key in ("TALENT_GRAPH_URL", "TALENT_GRAPH_USER", "TALENT_GRAPH_PASSWORD"):
            os.environ.pop(key, None)
        get_settings.cache_clear()


@pytest.fixture
def source_server() -> Iterator[SourceServer]:
    """The run's local ORCID, OpenAlex and Crossref (the worker reads them), its failures and
    requests forgotten after each test."""
    SOURCES.clear()
    yield SOURCES
    SOURCES.clear()


@pytest.fixture(scope="session")
def session_store(neo4j: Neo4jServer) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
    yield store
    store.close()


@pytest.fixture
def store(session_store: Neo4jStore) -> Iterator[Neo4jStore]:
    """An empty graph with schema and taxonomy, for each test."""
    session_store.drop_all()
    prepare(session_store)
    yield session_store
    session_store.fault = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(session_store: Neo4jStore, worker: subprocess.Popen[bytes]) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, as a client would reach it, with a worker
    to send its mail."""
    port = _free_port()
    # As `talent serve` does on loopback: mailed links point at the listener.
    settings = for_listener(get_settings(), "127.0.0.1", port)
    with serving(create_app(settings, session_store), port) as url:
        yield url


@contextlib.contextmanager
def serving(app: FastAPI, port: int | None = None, *, trusted_proxies: str = "") -> Iterator[str]:
    """The app served as `talent serve` serves it: X-Forwarded-For and X-Forwarded-Proto read
    by uvicorn, only from `trusted_proxies` (the app's TALENT_TRUSTED_PROXIES)."""
    port = port or _free_port()
    # A client idle through a long fixture (seeding demo data) must not race the server
    # closing its kept-alive connection (5 s by default): that shows as a connection reset.
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_keep_alive=300,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips(trusted_proxies),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def client(base_url: str, store: Neo4jStore) -> Iterator[httpx.Client]:
    """Signed in as an admin, who may do everything; access rules have their own tests."""
    c = signed_in(base_url, store, Role.ADMIN)
    yield c
    c.close()


@pytest.fixture
def anonymous(base_url: str, store: Neo4jStore) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def worker(neo4j: Neo4jServer) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process on the embedded broker, on the run's graph."""
    log = open(DATA_DIR / "worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "api.worker:celery_app",
            "worker",
            "--pool=threads",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while b"ready." not in (DATA_DIR / "worker.log").read_bytes():
        assert process.poll() is None, (DATA_DIR / "worker.log").read_text()
        assert time.monotonic() < deadline, "the Celery worker did not start"
        time.sleep(0.2)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def as_role(base_url: str, store: Neo4jStore) -> Iterator[SignIn]:
    """Sign in as a new account of a role (and, for an expert, their profile)."""
    made: list[httpx.Client] = []

    def make(role: Role, expert_id: str | None = None) -> httpx.Client:
        made.append(signed_in(base_url, store, role, expert_id=expert_id))
        return made[-1]

    yield make
    for c in made:
        c.close()
