"""Starting the throwaway Neo4j 5 server that `make install` builds under
tools/neo4j-test-server, for the tests and the benchmarks (never for a deployment)."""

import contextlib
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
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


@dataclass(frozen=True, slots=True)
class Neo4jServer:
    url: str
    user: str
    password: str


class Neo4jServerError(RuntimeError):
    pass


def launch_problem() -> str | None:
    """Why the server cannot be launched here, or None when it can."""
    if shutil.which("java") is None:
        return "no `java` to start the Neo4j test server"
    if not JAR.is_file():
        return f"{JAR.name} is not built: run `make install`"
    return None


@contextlib.contextmanager
def launch(log: Path, java_options: Sequence[str]) -> Iterator[Neo4jServer]:
    """A launched server whose stderr goes to `log`, stopped (and its data deleted) on exit.

    `java_options` size the JVM; `-Dtalentgraph.pagecache=<bytes>` sizes Neo4j's page cache
    (64 MiB when absent).
    """
    java = shutil.which("java")
    if java is None or not JAR.is_file():
        raise Neo4jServerError(launch_problem())
    with open(log, "wb") as stderr:
        # stdin stays open while the server is used: the launcher stops when it closes, so a
        # run killed outright leaves no server behind.
        process = subprocess.Popen(
            [java, *java_options, "-jar", str(JAR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            yield Neo4jServer(_read_url(process, log), "neo4j", "")
        finally:
            _stop(process)


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
