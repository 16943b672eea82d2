"""`talent serve`'s worker, kept running: restarted with a backoff whenever it dies, and never
left behind by a `talent serve` that ends, however it ends."""

import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence

log = logging.getLogger("talent.supervise")
_PR_SET_PDEATHSIG = 1
# A worker that stayed up this long was healthy: its next death restarts it at once again.
HEALTHY_AFTER_S = 60.0
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 30.0


# Loaded here, not in the child: between fork and exec only the call itself is safe.
_prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends it SIGTERM when the thread that started it
    ends, `talent serve` killed included, so no child outlives it holding the embedded server
    open."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervised:
    """A child process restarted whenever it exits, until `stop`."""

    def __init__(self, command: Sequence[str], *, name: str = "worker") -> None:
        self.command = list(command)
        self.name = name
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.process = self._start()
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)
        self._thread.start()

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(self.command, env=dict(os.environ), preexec_fn=_die_with_parent)
        log.info("%s started (pid %d)", self.name, process.pid)
        return process

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
            if self._stopping.wait(backoff):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self.process = self._start()
                self.restarts += 1
            backoff = min(backoff * 2, MAX_BACKOFF_S)

    def stop(self, timeout: float = 15) -> None:
        """Stop supervising, then the child: SIGTERM, and SIGKILL after `timeout`."""
        with self._lock:
            self._stopping.set()
            process = self.process
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._thread.join(timeout=5)
