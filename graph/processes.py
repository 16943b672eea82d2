"""What the local servers' launchers share: whether a recorded process still runs, and a lock
that lets the processes of one data folder take turns."""

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import psutil


def alive(pid: int, started: float) -> bool:
    """Whether `pid` runs and is the process that started at `started` (a pid may be reused)."""
    try:
        process = psutil.Process(pid)
        same = abs(process.create_time() - started) < 0.01
        return same and process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on the file `path` (made if missing), held while inside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
