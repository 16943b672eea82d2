"""A Neo4j 5 server for the tests: the one TALENT_TEST_NEO4J_URL names, else the launcher that
`make install` builds under tools/neo4j-test-server, started once for the run."""

import contextlib
import os
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JAR = (
    Path(__file__).resolve().parents[1]
    / "tools"
    / "neo4j-test-server"
    / "target"
    / "neo4j-test-server.jar"
)
# A cold JVM on a busy 2-core machine has been seen to take 20 s.
START_TIMEOUT = 120.0
# Test data is small; the page cache (64 MiB) is set by the launcher itself.
JAVA_OPTIONS = ("-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


@dataclass(frozen=True, slots=True)
class Neo4jServer:
    url: str
    user: str
    password: str


class Neo4jServerError(RuntimeError):
    pass


def unavailable_reason() -> str | None:
    """Why no server can be had for this run, or None when one can."""
    if os.environ.get("TALENT_TEST_NEO4J_URL"):
        return None
    if shutil.which("java") is None:
        return "no TALENT_TEST_NEO4J_URL and no `java` to start the Neo4j test server"
    if not JAR.is_file():
        return f"no TALENT_TEST_NEO4J_URL and {JAR.name} is not built: run `make install`"
    return None


@contextlib.contextmanager
def neo4j_server(log: Path) -> Iterator[Neo4jServer]:
    """The configured server, or a launched one whose stderr goes to `log`, stopped on exit.

    A launched server's address goes into TALENT_TEST_NEO4J_URL (and _USER, _PASSWORD) for the
    run, so processes the tests start reach it too.
    """
    url = os.environ.get("TALENT_TEST_NEO4J_URL")
    if url:
        yield Neo4jServer(
            url,
            os.environ.get("TALENT_TEST_NEO4J_USER", "neo4j"),
            os.environ.get("TALENT_TEST_NEO4J_PASSWORD", ""),
        )
        return
    java = shutil.which("java")
    if java is None or not JAR.is_file():
        raise Neo4jServerError(unavailable_reason())
    with open(log, "wb") as stderr:
        # stdin stays open for the run: the launcher stops when it closes, so a run killed
        # outright leaves no server behind.
        process = subprocess.Popen(
            [java, *JAVA_OPTIONS, "-jar", str(JAR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            server = Neo4jServer(_read_url(process, log), "neo4j", "")
            saved = {k: os.environ.get(k) for k in _ENV}
            os.environ.update(zip(_ENV, (server.url, server.user, server.password), strict=True))
            try:
                yield server
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value
        finally:
            _stop(process)


_ENV = ("TALENT_TEST_NEO4J_URL", "TALENT_TEST_NEO4J_USER", "TALENT_TEST_NEO4J_PASSWORD")


def _read_url(process: subprocess.Popen[bytes], log: Path) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while not selector.select(timeout=0.5):
            if process.poll() is not None:
                raise Neo4jServerError(f"the Neo4j test server exited:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise Neo4jServerError(f"the Neo4j test server did not start in {START_TIMEOUT} s")
    line = process.stdout.readline().decode().strip()
    if not line.startswith("bolt://"):
        raise Neo4jServerError(f"the Neo4j test server printed {line!r}:\n{log.read_text()}")
    return line


def _stop(process: subprocess.Popen[bytes]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
