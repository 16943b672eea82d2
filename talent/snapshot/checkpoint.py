"""Checkpoints of a process's snapshot on disk: a process starts by mapping the latest one and
following the change log from the watermark it holds, instead of reading the whole graph.

A checkpoint is a folder of three files:
- `state.pickle`: the views' Python objects (ids, dictionaries, the text model), pickled with
  protocol 5, its large arrays left out of band;
- `arrays.bin`: those arrays back to back, each aligned, memory-mapped at load so that the
  arrays are views of the file: every process of the machine that maps the same checkpoint
  shares their pages;
- `manifest.json`: the format, the fingerprint of the code and taxonomy it was built for, the
  watermark, and the size and CRC-32 of each file.

The folder is written under a temporary name and renamed whole, so a reader never sees half of
one; a checkpoint whose files do not match their manifest, or of another fingerprint, is
passed over (a corrupt one is removed). Only this service writes the folder: it must not be
writable by anyone else, as a pickle runs code when it is read.
"""

import hashlib
import json
import logging
import mmap
import os
import pickle
import shutil
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talent.core.changes import Head
from talent.snapshot.rows import Taxonomy

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
STATE = "state.pickle"
ARRAYS = "arrays.bin"
ALIGN = 64
# Smaller buffers stay inside the pickle: a file offset each would cost more than the copy.
IN_BAND_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Loaded:
    state: Any
    marks: dict[int, Head]
    build_seconds: float
    folder: Path


class CheckpointError(Exception):
    """A checkpoint that cannot be used: corrupt, partial, or not this code's."""


def pickled(state: object) -> tuple[bytes, list[pickle.PickleBuffer]]:
    """`state` pickled with its large arrays out of band (referenced, not copied)."""
    buffers: list[pickle.PickleBuffer] = []

    def out_of_band(buffer: pickle.PickleBuffer) -> bool:
        if buffer.raw().nbytes < IN_BAND_BYTES:
            return True
        buffers.append(buffer)
        return False

    return pickle.dumps(state, protocol=5, buffer_callback=out_of_band), buffers


def fingerprint(taxonomy: Taxonomy, model: str, classes: tuple[type, ...]) -> str:
    """What a checkpoint's state depends on besides the graph's rows: the taxonomy, the text
    model, and the fields of the classes pickled (a field added or renamed refuses it)."""
    shapes = [(c.__qualname__, sorted(getattr(c, "__dataclass_fields__", {}))) for c in classes]
    text = repr((FORMAT, taxonomy.canonical(), model, shapes))
    return hashlib.sha256(text.encode()).hexdigest()


def _crc(data: bytes | memoryview | mmap.mmap) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def _marks_json(marks: dict[int, Head]) -> list[list[object]]:
    return [[h.shard, h.n, h.epoch, h.floor] for h in sorted(marks.values(), key=_shard)]


def _shard(head: Head) -> int:
    return head.shard


def _marks_of(rows: list[list[Any]]) -> dict[int, Head]:
    return {int(s): Head(int(s), int(n), str(e), int(f)) for s, n, e, f in rows}


class Checkpoints:
    """The checkpoints of one kind of snapshot in `root`, newest last; `keep` are kept."""

    def __init__(self, root: Path, *, keep: int = 2) -> None:
        self.root = root
        self.keep = keep

    def folders(self) -> list[Path]:
        """Complete checkpoints, oldest first (their names start with the time written)."""
        if not self.root.is_dir():
            return []
        found = [p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        return sorted(found, key=lambda p: p.name)

    def write(
        self, state: object, marks: dict[int, Head], *, fingerprint: str, build_seconds: float
    ) -> Path:
        """Write `state` as the newest checkpoint; returns its folder."""
        stream, buffers = pickled(state)
        return self.write_pickled(
            stream, buffers, marks, fingerprint=fingerprint, build_seconds=build_seconds
        )

    def write_pickled(
        self,
        stream: bytes,
        buffers: list[pickle.PickleBuffer],
        marks: dict[int, Head],
        *,
        fingerprint: str,
        build_seconds: float,
    ) -> Path:
        """Write a state already pickled (`stream` and its out-of-band `buffers`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.root))
        try:
            places = _write_arrays(temporary / ARRAYS, buffers)
            (temporary / STATE).write_bytes(stream)
            arrays_crc, arrays_size = _file_crc(temporary / ARRAYS)
            manifest = {
                "format": FORMAT,
                "fingerprint": fingerprint,
                "marks": _marks_json(marks),
                "build_seconds": build_seconds,
                "written_at": time.time(),
                "state": {"size": len(stream), "crc": _crc(stream)},
                "arrays": {"size": arrays_size, "crc": arrays_crc, "places": places},
            }
            with open(temporary / MANIFEST, "w", encoding="utf-8") as out:
                json.dump(manifest, out)
                out.flush()
                os.fsync(out.fileno())
            final = self.root / f"{time.time_ns():020d}-{os.getpid()}"
            os.rename(temporary, final)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        self._prune()
        return final

    def _prune(self) -> None:
        """Older checkpoints beyond `keep` go (a process that mapped one keeps its pages), and
        so do temporary folders left by a writer that died."""
        for old in self.folders()[: -self.keep]:
            shutil.rmtree(old, ignore_errors=True)
        hour_ago = time.time() - 3600
        for left in self.root.glob(".writing-*"):
            if left.stat().st_mtime < hour_ago:
                shutil.rmtree(left, ignore_errors=True)

    def latest(self, fingerprint: str) -> Loaded | None:
        """The newest usable checkpoint of this fingerprint, or None; a corrupt one is removed,
        one of another fingerprint (other code or taxonomy) is passed over."""
        for folder in reversed(self.folders()):
            try:
                return load(folder, fingerprint)
            except CheckpointError as exc:
                log.warning("checkpoint %s not used: %s", folder.name, exc)
                if exc.args and str(exc.args[0]).startswith("corrupt"):
                    shutil.rmtree(folder, ignore_errors=True)
        return None


def _write_arrays(path: Path, buffers: list[pickle.PickleBuffer]) -> list[list[int]]:
    places: list[list[int]] = []
    with open(path, "wb") as out:
        offset = 0
        for buffer in buffers:
            view = buffer.raw()
            pad = -offset % ALIGN
            if pad:
                out.write(b"\0" * pad)
                offset += pad
            out.write(view)
            places.append([offset, view.nbytes])
            offset += view.nbytes
        out.flush()
        os.fsync(out.fileno())
    return places


def _file_crc(path: Path) -> tuple[int, int]:
    crc, size = 0, 0
    with open(path, "rb") as source:
        while chunk := source.read(1 << 24):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return crc & 0xFFFFFFFF, size


def _manifest(folder: Path) -> dict[str, Any]:
    try:
        found: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"corrupt: no readable manifest ({exc})") from exc
    return found


def _mapped(path: Path, size: int) -> mmap.mmap | None:
    """The file mapped read-only (None when empty: nothing to map)."""
    with open(path, "rb") as source:
        if os.fstat(source.fileno()).st_size != size:
            raise CheckpointError("corrupt: the arrays file does not match its manifest")
        return mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) if size else None


def load(folder: Path, fingerprint: str) -> Loaded:
    """The checkpoint in `folder`, its arrays mapped from the file; CheckpointError when its
    files do not match the manifest (corrupt) or it was written for other code or taxonomy."""
    manifest = _manifest(folder)
    if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint:
        raise CheckpointError("written for another version of the code or the taxonomy")
    try:
        stream = (folder / STATE).read_bytes()
        mapped = _mapped(folder / ARRAYS, manifest["arrays"]["size"])
    except OSError as exc:
        raise CheckpointError(f"corrupt: {exc}") from exc
    if len(stream) != manifest["state"]["size"] or _crc(stream) != manifest["state"]["crc"]:
        raise CheckpointError("corrupt: the state file does not match its manifest")
    if mapped is not None and _crc(mapped) != manifest["arrays"]["crc"]:
        raise CheckpointError("corrupt: the arrays file does not match its manifest")
    view = memoryview(mapped) if mapped is not None else memoryview(b"")
    buffers = [view[offset : offset + length] for offset, length in manifest["arrays"]["places"]]
    try:
        state = pickle.loads(stream, buffers=buffers)
    except Exception as exc:  # a class renamed or moved since: the fingerprint missed it
        raise CheckpointError(f"written for another version of the code ({exc})") from exc
    return Loaded(
        state=state,
        marks=_marks_of(manifest["marks"]),
        build_seconds=float(manifest["build_seconds"]),
        folder=folder,
    )
