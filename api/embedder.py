"""The process's embedding model, loaded once, as the settings name it."""

from functools import cache

from api.settings import Settings, get_settings
from matching.embedding.files import configured
from matching.embedding.onnx import OnnxEmbedder
from matching.embedding.port import Embedder
from talent.snapshot.checkpoint import Checkpoints


@cache
def _load(folder: str | None, threads: int) -> OnnxEmbedder:
    from pathlib import Path

    return OnnxEmbedder(configured(Path(folder) if folder else None), threads=threads)


def configured_checkpoints(settings: Settings) -> Checkpoints | None:
    """Where the indexes' checkpoints are kept, None when they are off."""
    return Checkpoints(settings.data_dir / "checkpoints") if settings.checkpoints else None


def configured_embedder(settings: Settings | None = None) -> Embedder | None:
    """None where the settings turn meaning off; the model's files are checked at first use,
    and a file altered on disk stops the process with the file named."""
    settings = settings or get_settings()
    if not settings.embedding:
        return None
    folder = str(settings.embedding_model) if settings.embedding_model else None
    return _load(folder, settings.embedding_threads)
