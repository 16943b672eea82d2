"""The local Neo4j of a data folder: the graph of a service run without TALENT_GRAPH_URL.

It is the server under tools/neo4j-test-server (graph/neo4j_launcher.py) run with its store
kept in `<data_dir>/neo4j`: Bolt on a loopback port, no auth, heap and page cache sized for
the machine. Whoever starts it records it in `<data_dir>/neo4j/server.json` (its URL, its JVM,
and its owner: the process it lives and dies with); another process of the same folder reads
the record and attaches instead of starting a second server, which Neo4j would refuse anyway
(the first one locks the store).

`talent serve` claims the server (`claim`) and keeps it running (api/supervise.py restarts it
on the same port); any other command finds the running one, or starts one for its own
lifetime (`url_for`).
"""

import atexit
import contextlib
import logging
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from graph import processes
from graph.neo4j_launcher import (
    JAR,
    JAVA_HINT,
    Neo4jServerError,
    drain_stdout,
    launch_problem,
    read_url,
)
from graph.old_engine import refuse_old_engine_data

log = logging.getLogger(__name__)

USER = "neo4j"
PASSWORD = ""  # no auth: Bolt listens on loopback only
HOME = "neo4j"
RECORD = "server.json"
SERVER_LOG = "server.log"
LOCK = "launch.lock"
# A clean stop checkpoints the store; past this a kill is still safe (the log is durable).
STOP_TIMEOUT_S = 60.0
# An orphaned server (its owner killed) stops on its own within a few seconds.
ORPHAN_WAIT_S = 30.0
ATTACH_TIMEOUT_S = 120.0
_FAILED = "neo4j-test-server: cannot start: "  # TestServer.java's line saying why
_MIB = 2**20
# G1 keeps pauses short for a heap a request waits on; an OutOfMemoryError leaves a JVM in an
# unknown state, and its supervisor (or the command's caller) starts a fresh one instead.
JVM_OPTIONS = ("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")


class LocalGraphError(RuntimeError):
    """The local Neo4j cannot be started or reached; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Record:
    """A running local server, as `server.json` holds it."""

    url: str
    pid: int
    started: float  # the JVM's start time: a pid alone may be reused
    owner: int
    owner_started: float


def home(data_dir: Path) -> Path:
    return data_dir.resolve() / HOME


def problem() -> str | None:
    """Why no local server can be started here, or None when one can."""
    found = launch_problem()
    if found is None:
        return None
    return f"{found}; or set TALENT_GRAPH_URL to a Neo4j 5 server"


def memory_bytes() -> int:
    """The machine's memory, or the container's limit when lower."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    with contextlib.suppress(OSError, ValueError):
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit != "max":
            total = min(total, int(limit))
    return total


def memory_options(total: int) -> list[str]:
    """Heap and page cache for a machine of `total` bytes: a modest share, since the web
    process, the worker and their indexes run beside it (24 GiB: 768 MiB heap, 512 MiB page
    cache), within bounds that keep a small machine usable and a large one modest."""
    heap = min(max(total // 32, 256 * _MIB), 1024 * _MIB)
    pagecache = min(max(total // 48, 128 * _MIB), 1024 * _MIB)
    return [
        f"-Xms{min(heap, 256 * _MIB) // _MIB}m",
        f"-Xmx{heap // _MIB}m",
        f"-Dtalentgraph.pagecache={pagecache}",
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _started(pid: int) -> float:
    return psutil.Process(pid).create_time()


class Server:
    """A local server this process runs for a data folder, on one port for its lifetime."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir.resolve()
        self.home = home(data_dir)
        self.port = port
        self.url = f"bolt://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        """Start the JVM (again, after a crash: same port, same store), wait until it accepts
        connections, and record it."""
        java = shutil.which("java")
        if java is None or not JAR.is_file():
            raise LocalGraphError(f"cannot start the local Neo4j: {problem()}")
        self.home.mkdir(parents=True, exist_ok=True)
        log_path = self.home / SERVER_LOG
        offset = log_path.stat().st_size if log_path.exists() else 0
        command = [
            java, *JVM_OPTIONS, *memory_options(memory_bytes()),
            "-jar", str(JAR), "--data", str(self.home), "--port", str(self.port),
        ]  # fmt: skip
        with open(log_path, "ab") as stderr:
            # The server stops when its stdin closes: this process's end, however it ends,
            # stops it (a kernel parent-death signal would follow the starting thread instead).
            # In a process group of its own: a terminal's Ctrl-C reaches this process, which
            # stops the server after what uses it, not the server first.
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                process_group=0,
            )
        try:
            read_url(process, lambda: _tail(log_path, offset))
        except Neo4jServerError as exc:
            _end(process, timeout=5)
            raise LocalGraphError(_explain(exc, log_path)) from exc
        drain_stdout(process)
        self.process = process
        me = os.getpid()
        processes.write_record(
            self.home / RECORD,
            Record(self.url, process.pid, _started(process.pid), me, _started(me)),
        )
        log.info("local Neo4j at %s (pid %d), store in %s", self.url, process.pid, self.home)
        return process

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop the JVM (a clean shutdown; a kill after `timeout`) and drop the record."""
        if self.process is not None:
            _end(self.process, timeout)
        self.forget()

    def forget(self) -> None:
        """Drop the record, when it is still this process's (the JVM is stopped)."""
        record = processes.read_record(self.home / RECORD, Record)
        if record is not None and record.owner == os.getpid():
            (self.home / RECORD).unlink(missing_ok=True)


def claim(data_dir: Path) -> Server:
    """Start the folder's server for a process that keeps it (`talent serve`), on a free port;
    refused while another live process runs one for the folder."""
    refuse_old_engine_data(data_dir)
    with processes.folder_lock(home(data_dir) / LOCK):
        record = _settled_record(home(data_dir))
        if record is not None:
            raise LocalGraphError(
                f"the local Neo4j of {data_dir.resolve()} is running for another process "
                f"({_describe(record.owner)}): stop that one first"
            )
        server = Server(data_dir, free_port())
        server.start()
        return server


_lock = threading.Lock()
_own: dict[Path, Server] = {}


def url_for(data_dir: Path) -> str:
    """The URL of the folder's running server, or of one started for this process's lifetime
    (stopped at its exit); ready to accept connections either way."""
    folder = home(data_dir)
    with _lock:
        own = _own.get(folder)
        if own is not None:
            if not own.running():
                own.start()
            return own.url
        refuse_old_engine_data(data_dir)
        with processes.folder_lock(folder / LOCK):
            record = _settled_record(folder)
            if record is None:
                server = Server(data_dir, free_port())
                server.start()
                _own[folder] = server
                atexit.register(server.stop)
                return server.url
    _wait_reachable(record)
    return record.url


def _settled_record(folder: Path) -> Record | None:
    """The record of a server whose owner lives; None when there is none, after waiting out
    (or killing) a server whose owner has gone, which holds the store until it ends."""
    record = processes.read_record(folder / RECORD, Record)
    if record is None:
        return None
    if processes.alive(record.owner, record.owner_started):
        return record
    if processes.alive(record.pid, record.started):
        log.info("waiting for the local Neo4j of a process that ended (pid %d)", record.pid)
        deadline = time.monotonic() + ORPHAN_WAIT_S
        while processes.alive(record.pid, record.started) and time.monotonic() < deadline:
            time.sleep(0.2)
        if processes.alive(record.pid, record.started):
            # Its committed transactions are in its log already: the next start recovers them.
            with contextlib.suppress(psutil.Error):
                psutil.Process(record.pid).kill()
    (folder / RECORD).unlink(missing_ok=True)
    return None


def _wait_reachable(record: Record) -> None:
    """Wait until the recorded server accepts connections (its owner may be restarting it)."""
    port = int(record.url.rsplit(":", 1)[1])
    deadline = time.monotonic() + ATTACH_TIMEOUT_S
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if not processes.alive(record.owner, record.owner_started):
            raise LocalGraphError(f"the local Neo4j at {record.url} went away with its process")
        if time.monotonic() > deadline:
            raise LocalGraphError(f"the local Neo4j at {record.url} does not answer")
        time.sleep(0.2)


def _end(process: subprocess.Popen[bytes], timeout: float) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdin is not None:
        process.stdin.close()


def _tail(path: Path, offset: int, lines: int = 40) -> str:
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        handle.seek(offset)
        return "\n".join(handle.read().decode(errors="replace").splitlines()[-lines:])
    return ""


def _explain(exc: Neo4jServerError, log_path: Path) -> str:
    text = str(exc)
    if "UnsupportedClassVersionError" in text:
        return f"the local Neo4j needs Java 17 or later, and `java` is older: {JAVA_HINT}"
    # The server's own line saying why, when it wrote one; its trace stays in the log.
    reasons = [line for line in text.splitlines() if line.startswith(_FAILED)]
    if reasons:
        text = reasons[-1].removeprefix(_FAILED)
    return f"the local Neo4j did not start (its log: {log_path}): {text}"


def _describe(pid: int) -> str:
    with contextlib.suppress(psutil.Error):
        return f"pid {pid}: {' '.join(psutil.Process(pid).cmdline())}"
    return f"pid {pid}"
