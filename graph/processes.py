"""What the local servers' launchers share: their records, whether a recorded process still
runs, and a lock that lets the processes of one data folder take turns."""

import contextlib
import fcntl
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


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


def read_record[T](path: Path, kind: Callable[..., T]) -> T | None:
    """The record a launcher wrote at `path`, or None when there is none or it is unreadable."""
    try:
        return kind(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def write_record(path: Path, record: "DataclassInstance") -> None:
    """Whole or absent: a reader never sees half a record."""
    partial = path.with_name(f"{path.name}.partial")
    partial.write_text(json.dumps(asdict(record)))
    partial.replace(path)
