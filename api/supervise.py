"""`talent serve`'s children (the local Neo4j, the worker, the beat), kept running: restarted
with a backoff whenever one dies, and never left behind by a `talent serve` that ends, however
it ends."""

import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence

log = logging.getLogger("talent.supervise")
_PR_SET_PDEATHSIG = 1
# A child that stayed up this long was healthy: its next death restarts it at once again.
HEALTHY_AFTER_S = 60.0
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 30.0

Start = Callable[[], subprocess.Popen[bytes]]

# Loaded here, not in the child: between fork and exec only the call itself is safe.
_prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends it SIGTERM when the thread that started it
    ends, `talent serve` killed included, so no child outlives it holding the embedded Redis
    open. (Supervised starts its children from the main thread and from its own watch thread,
    which lives as long as the supervision.)"""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervised:
    """A child process restarted whenever it exits, until `stop`.

    `start` starts it (and may wait until it is ready); the first start's errors reach the
    caller, a restart's are logged and retried after the backoff.
    """

    def __init__(
        self,
        start: Start,
        *,
        name: str,
        stop_timeout: float = 15,
        first: subprocess.Popen[bytes] | None = None,
    ) -> None:
        """`first`: the child already started (by `start`), to supervise from now on."""
        self.name = name
        self.restarts = 0
        self._start = start
        self._stop_timeout = stop_timeout
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.process = first if first is not None else start()
        log.info("%s started (pid %d)", self.name, self.process.pid)
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)
        self._thread.start()

    @classmethod
    def command(
        cls, command: Sequence[str], *, name: str, env: Mapping[str, str] | None = None
    ) -> "Supervised":
        """A command run with this process's environment (and `env` over it)."""
        argv = list(command)

        def start() -> subprocess.Popen[bytes]:
            environment = {**os.environ, **(env or {})}
            # In a process group of its own: a terminal's Ctrl-C reaches `talent serve` alone,
            # which stops its children in order instead of restarting them as they die.
            return subprocess.Popen(
                argv, env=environment, preexec_fn=_die_with_parent, process_group=0
            )

        return cls(start, name=name)

    def _watch(self) -> None:
        backoff = FIRST_BACKOFF_S
        while not self._stopping.is_set():
            started = time.monotonic()
            code = self.process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= HEALTHY_AFTER_S:
                backoff = FIRST_BACKOFF_S
            log.error("%s exited with %s; restarting in %.0f s", self.name, code, backoff)
            while not self._stopping.wait(backoff):
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                try:
                    process = self._start()
                except Exception as exc:  # any failure to start is retried alike
                    log.error("%s did not start: %s; retrying in %.0f s", self.name, exc, backoff)
                    continue
                with self._lock:
                    self.process = process
                    self.restarts += 1
                log.info("%s restarted (pid %d)", self.name, process.pid)
                if self._stopping.is_set():
                    # Stopped while this start waited: `stop` saw the previous process.
                    self._end(process)
                break

    def stop(self) -> None:
        """Stop supervising, then the child: SIGTERM, and SIGKILL after the stop timeout."""
        with self._lock:
            self._stopping.set()
            process = self.process
        self._end(process)
        self._thread.join(timeout=5)

    def _end(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=self._stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
