"""Expert-by-item affinities from publication archives, in the OpenReview archive format.

`DIR/~<expert>.jsonl` holds one `{"id", "content": {"title", "abstract"}}` per line; items map
an id to the same shape. Scores use the evidence-fit scorer of the matcher: the works' words
and, given an embedder, their meaning, mixed per work as `PAPER_MIX` says, then pooled.
"""

import json
from pathlib import Path

import numpy as np

from matching.crossing.gloss import crossed
from matching.embedding.port import Embedder
from matching.evidence import PAPER_MIX, EvidenceModel, Mix, affinity, work_text

Scores = dict[str, dict[str, float]]


class ArchiveError(ValueError):
    """An archive or items file that cannot be read; the message names the file and line."""


def _text(record: object, where: str) -> str:
    content = record.get("content") if isinstance(record, dict) else None
    if not isinstance(content, dict):
        raise ArchiveError(f"{where}: expected {{'content': {{'title', 'abstract'}}}}")
    title = content.get("title") or ""
    abstract = content.get("abstract") or ""
    if not isinstance(title, str) or not isinstance(abstract, str):
        raise ArchiveError(f"{where}: title and abstract must be text")
    return work_text(title, abstract)


def read_archives(folder: Path) -> dict[str, list[str]]:
    """Expert id -> texts of their works; the expert id is the file name without `~`."""
    if not folder.is_dir():
        raise ArchiveError(f"{folder}: not a folder")
    archives: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        texts = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ArchiveError(f"{path.name}:{number}: not JSON ({exc.msg})") from exc
            texts.append(_text(record, f"{path.name}:{number}"))
        archives[path.stem.removeprefix("~")] = texts
    return archives


def read_items(path: Path) -> dict[str, str]:
    """Item id -> the text of the item."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ArchiveError(f"{path}: expected an object mapping ids to items")
    return {str(key): _text(value, f"{path.name}[{key}]") for key, value in data.items()}


def score(
    archives: dict[str, list[str]],
    items: dict[str, str],
    embedder: Embedder | None = None,
    mix: Mix = PAPER_MIX,
) -> Scores:
    """Every expert-item pair; an expert without works scores 0 everywhere."""
    corpus = [text for texts in archives.values() for text in texts] + list(items.values())
    model = EvidenceModel(corpus)
    item_ids = list(items)
    # Queries read as matching reads a role's text: Vietnamese with its English gloss.
    item_texts = [crossed(items[i]) for i in item_ids]
    item_vectors = model.vectors(item_texts)
    item_meaning = embedder.encode(item_texts, queries=True) if embedder else None
    result: Scores = {}
    for expert, texts in archives.items():
        if not texts:
            result[expert] = dict.fromkeys(item_ids, 0.0)
            continue
        sims = np.asarray((item_vectors @ model.vectors(texts).T).todense(), dtype=np.float64)
        if embedder is not None and item_meaning is not None:
            meaning = (item_meaning @ embedder.encode(texts).T).astype(np.float64)
            has = np.ones(len(texts), dtype=np.bool_)
            sims = np.stack([mix.of(sims[k], meaning[k], has) for k in range(len(item_ids))])
        result[expert] = {item: round(affinity(sims[k]), 6) for k, item in enumerate(item_ids)}
    return result


def score_files(
    archives_dir: Path, items_file: Path, embedder: Embedder | None = None, mix: Mix = PAPER_MIX
) -> Scores:
    return score(read_archives(archives_dir), read_items(items_file), embedder, mix)
