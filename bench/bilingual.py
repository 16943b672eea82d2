"""Evidence across languages: role texts in one language against works in the other.

Each role of the bundled test set (`bench/data/bilingual.json`, written for this project) is
meant for one expert, who has works in English and in Vietnamese. The role's text in Vietnamese
is scored against every expert's English works, and its English text against their Vietnamese
works, as the matching index scores evidence (TF-IDF over the works, each expert's affinity
from their best and average work). Reported: the mean reciprocal rank of the expert the role is
meant for and the share of roles that find them in the top 3, with words only, with the
taxonomy's concept terms, and with concept terms but no broader concepts; the same-language
runs beside them are the ceiling. A tie with another expert counts against the role.
"""

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import numpy as np

from bench.common import report
from matching.build import MAX_DOCUMENT_FREQUENCY
from matching.concepts import ConceptTagger
from matching.crossing.gloss import crossed, for_meaning
from matching.embedding.files import pinned
from matching.embedding.onnx import OnnxEmbedder
from matching.embedding.port import Embedder
from matching.evidence import ROLE_MIX, EvidenceModel, grouped_affinity
from talent.taxonomy.bundled import bundled

DATA = Path(__file__).parent / "data" / "bilingual.json"
DIRECTIONS = {"vi->en": ("vi", "en"), "en->vi": ("en", "vi"), "en->en": ("en", "en"),
              "vi->vi": ("vi", "vi")}  # fmt: skip

Concepts = Callable[[str], list[str]] | None


class Role(TypedDict):
    expert: str
    en: str
    vi: str


class TestSet(TypedDict):
    experts: dict[str, dict[str, list[str]]]
    roles: list[Role]


def tagger(*, broader: bool = True) -> ConceptTagger:
    """The concept tagger over the bundled taxonomy, as the index builds it from the graph."""
    skills = bundled()["skills"]
    return ConceptTagger(
        ((s["id"], [s["en"], s["vi"], *s["aliases"]], s["broader"]) for s in skills),
        broader=broader,
    )


def ranks(
    data: TestSet,
    role_lang: str,
    work_lang: str,
    concepts: Concepts,
    embedder: Embedder | None = None,
) -> list[int]:
    """The rank of each role's expert among all experts, by evidence affinity; with an
    embedder, as the matching index scores a role: the text crossed by the glossary for its
    words, its gloss for its meaning, mixed as `ROLE_MIX` says."""
    experts = sorted(data["experts"])
    works = [data["experts"][e][work_lang] for e in experts]
    sizes = np.asarray([len(w) for w in works], dtype=np.int64)
    offsets = np.cumsum(sizes) - sizes
    corpus = [text for texts in works for text in texts]
    model = EvidenceModel(corpus, max_df=MAX_DOCUMENT_FREQUENCY, concepts=concepts)
    vectors = model.vectors(corpus)
    meaning = embedder.encode(corpus) if embedder else None
    has = np.ones(len(corpus), dtype=np.bool_)
    result = []
    for role in data["roles"]:
        text = role[role_lang]  # type: ignore[literal-required]
        query = model.vectors([crossed(text) if embedder else text])
        sims = np.asarray((vectors @ query.T).todense(), dtype=np.float64).ravel()
        if embedder is not None and meaning is not None:
            semantic = (meaning @ embedder.encode([for_meaning(text)], queries=True)[0]).astype(
                np.float64
            )
            sims = ROLE_MIX.of(sims, semantic, has)
        scores = grouped_affinity(sims, offsets, sizes)
        mine = scores[experts.index(role["expert"])]
        result.append(int((scores >= mine).sum()))  # itself included: a tie ranks it lower
    return result


def summary(found: list[int]) -> dict[str, float]:
    return {
        "mrr": round(float(np.mean([1 / r for r in found])), 3),
        "top3": round(float(np.mean([r <= 3 for r in found])), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help="the test set (JSON)")
    args = parser.parse_args()
    data: TestSet = json.loads(args.data.read_text(encoding="utf-8"))
    settings: dict[str, Concepts] = {
        "words": None,
        "words+concepts": tagger(),
        "words+concepts-no-broader": tagger(broader=False),
    }
    model = OnnxEmbedder(pinned())
    results = {
        direction: {
            **{
                name: summary(ranks(data, role_lang, work_lang, concepts))
                for name, concepts in settings.items()
            },
            "words+concepts+crossing+meaning (as matching scores)": summary(
                ranks(data, role_lang, work_lang, tagger(), model)
            ),
        }
        for direction, (role_lang, work_lang) in DIRECTIONS.items()
    }
    report({"roles": len(data["roles"]), "experts": len(data["experts"]), "results": results})


if __name__ == "__main__":
    main()
