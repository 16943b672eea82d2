"""Vectors as stored with their works: int8 per component with one scale per vector (a
quarter of float32's size; the cosines it gives differ from float32's by about 1e-3)."""

import numpy as np
import numpy.typing as npt

from matching.embedding.port import Vectors

Packed = npt.NDArray[np.int8]
Scales = npt.NDArray[np.float32]


def pack(vectors: Vectors) -> tuple[Packed, Scales]:
    """Each row's components as int8 of the row's largest magnitude / 127, and that scale."""
    peak = np.abs(vectors).max(axis=1) if vectors.size else np.zeros(len(vectors))
    scales = (peak / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    packed = np.clip(np.rint(vectors / safe), -127, 127).astype(np.int8)
    return packed, scales


def to_bytes(packed_row: Packed) -> bytes:
    return packed_row.astype(np.int8).tobytes()


def from_bytes(data: bytes, dimension: int) -> Packed:
    """One stored row; a row of another length (another model's) is refused."""
    row = np.frombuffer(data, dtype=np.int8)
    if row.shape != (dimension,):
        raise ValueError(f"a stored vector has {row.size} components, the model {dimension}")
    return row


def unpack(packed: Packed, scales: Scales) -> Vectors:
    result: Vectors = packed.astype(np.float32) * scales[:, None].astype(np.float32)
    return result
