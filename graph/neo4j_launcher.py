"""Starting the Neo4j 5 server that `make install` builds under tools/neo4j-test-server: a
throwaway one for the tests and the benchmarks (`launch`); graph/local.py runs the same jar
with a kept store for the service."""

import contextlib
import logging
import selectors
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

JAR = (
    Path(__file__).resolve().parents[1]
    / "tools"
    / "neo4j-test-server"
    / "target"
    / "neo4j-test-server.jar"
)
log = logging.getLogger("graph.neo4j")
# A cold JVM on a busy 2-core machine has been seen to take 20 s.
START_TIMEOUT = 120.0
JAVA_HINT = (
    "install a Java 17+ runtime (Debian: `apt-get install default-jre-headless`; "
    "`make install` does it when run as root)"
)


@dataclass(frozen=True, slots=True)
class Neo4jServer:
    url: str
    user: str
    password: str
    pid: int | None = None  # the JVM when launched here; None for a server configured elsewhere


class Neo4jServerError(RuntimeError):
    pass


def launch_problem() -> str | None:
    """Why the server cannot be launched here, or None when it can."""
    if shutil.which("java") is None:
        return f"no `java` to start the Neo4j server: {JAVA_HINT}"
    if not JAR.is_file():
        return f"{JAR.name} is not built: run `make install` (it needs Maven and a JDK 17+)"
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
            url = read_url(process, lambda: log.read_text(errors="replace"))
            drain_stdout(process)
            yield Neo4jServer(url, "neo4j", "", process.pid)
        finally:
            _stop(process)


def read_url(
    process: subprocess.Popen[bytes],
    describe: Callable[[], str],
    timeout: float = START_TIMEOUT,
) -> str:
    """The Bolt URL the server prints once it accepts connections; `describe` tells what went
    wrong (its log) when it exits or stays silent instead. Lines before it are the JVM's own
    (a warning): logged and passed over."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            if not selector.select(timeout=0.5):
                if process.poll() is not None:
                    raise Neo4jServerError(f"the Neo4j server exited:\n{describe()}")
                if time.monotonic() > deadline:
                    raise Neo4jServerError(f"the Neo4j server did not start in {timeout:.0f} s")
                continue
            line = process.stdout.readline().decode(errors="replace").strip()
            if line.startswith("bolt://"):
                return line
            if not line:  # end of stdout: the server is gone, or going
                process.wait(timeout=10)
                raise Neo4jServerError(f"the Neo4j server exited:\n{describe()}")
            log.warning("neo4j (pid %d): %s", process.pid, line)


def drain_stdout(process: subprocess.Popen[bytes]) -> None:
    """Read what the JVM writes on stdout after the URL, in a thread, until it exits. The
    server's own output goes to stderr, but the JVM's (its warnings, its logging) goes to
    stdout: unread, a full pipe would block the JVM at its next line, even at its exit."""
    stdout = process.stdout
    assert stdout is not None

    def drain() -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stdout:
                text = line.decode(errors="replace").rstrip()
                log.warning("neo4j (pid %d): %s", process.pid, text)

    threading.Thread(target=drain, name=f"neo4j-stdout-{process.pid}", daemon=True).start()


def _stop(process: subprocess.Popen[bytes]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
