"""The bilingual role set and its benchmark: the metrics on rankings worked out by hand, the
set's shape, and (where the gold standard is beside the repository) its relevance pointers and
that no role text was copied from a publication or named after its topic's label."""

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bench.bilingual_roles import (
    DATA,
    LANGUAGES,
    RELEVANCE_COPY,
    Role,
    average_precision,
    chance,
    copied_runs,
    read_copy,
    read_roles,
    reciprocal_rank,
    relevance,
    run,
    summarise,
)
from bench.ccs_topics import read_topics
from matching.embedding.port import Vectors, unit_rows
from matching.evidence import work_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GOLD = SHARED / "expertise-goldstandard"
CCS = SHARED / "taxonomies" / "acm-ccs-2012.xml"
needs_gold = pytest.mark.skipif(
    not (GOLD / RELEVANCE_COPY).is_dir() or not CCS.is_file(),
    reason="the expertise gold standard and the ACM CCS are not beside the repository",
)


def test_average_precision_and_reciprocal_rank_of_a_ranking_worked_by_hand() -> None:
    # Ranked: e0, e1*, e2, e3*, e4, e5: relevant at ranks 2 and 4.
    scores = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.1])
    assert average_precision(scores, {1, 3}) == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert reciprocal_rank(scores, {1, 3}) == pytest.approx(1 / 2)
    # Ranked: e2*, e0, e1*: 1/1 and 2/3.
    scores = np.asarray([0.5, 0.2, 0.7])
    assert average_precision(scores, {2, 1}) == pytest.approx((1 + 2 / 3) / 2)
    assert reciprocal_rank(scores, {2, 1}) == 1.0


def test_a_tie_counts_against_the_role() -> None:
    # Three tied at the top: the relevant one ranks third of them.
    assert average_precision(np.asarray([0.5, 0.5, 0.5, 0.0]), {0}) == pytest.approx(1 / 3)
    # A scorer that sees nothing ranks the relevant experts last: 1/3 and 2/4.
    nothing = np.zeros(4)
    assert average_precision(nothing, {0, 1}) == pytest.approx((1 / 3 + 2 / 4) / 2)
    assert reciprocal_rank(nothing, {0, 1}) == pytest.approx(1 / 3)


def test_the_summary_averages_roles_and_counts_those_that_keep_nine_tenths() -> None:
    ap = {"en": [1.0, 0.5, 0.2], "vi": [0.9, 0.44, 0.4]}
    rr = {"en": [1.0, 1.0, 0.5], "vi": [1.0, 0.5, 0.5]}
    summary = summarise(ap, rr)
    assert summary.map == pytest.approx({"en": 1.7 / 3, "vi": 1.74 / 3})
    assert summary.ratio(summary.map) == pytest.approx(1.74 / 1.7)
    assert summary.ratio(summary.mrr) == pytest.approx(2.0 / 2.5)
    assert (summary.kept, summary.roles) == (2, 3)  # 0.9 of 1.0 kept, 0.44 of 0.5 not, 0.4 > 0.2


def test_a_run_of_twelve_words_shared_with_a_source_is_found_and_eleven_are_not() -> None:
    source = "We propose a new method for training deep networks on small data sets quickly."
    twelve = "In short, we propose a NEW method for training deep networks on small data, sets."
    eleven = "We propose a new method for training deep networks on small images."
    assert copied_runs([twelve], [source]) == {
        "we propose a new method for training deep networks on small data",
        "propose a new method for training deep networks on small data sets",
    }
    assert copied_runs([eleven], [source]) == set()


def test_every_role_is_written_in_both_languages_with_its_relevance_pointers() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    roles: list[Role] = data["roles"]
    assert 35 <= len(roles) <= 45
    assert len({r["id"] for r in roles}) == len(roles)
    for role in roles:
        assert set(role) == {"id", "topic", "relevant", "en", "vi"}, role["id"]
        assert role["topic"].isdigit(), role["id"]
        assert role["relevant"], role["id"]
        assert all(p.isdigit() for p in role["relevant"]), role["id"]
        assert len(set(role["relevant"])) == len(role["relevant"]), role["id"]
        for lang in LANGUAGES:
            text: str = role[lang]  # type: ignore[literal-required]
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
            assert 2 <= len(sentences) <= 4, (role["id"], lang)
        assert re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỵỷỹ]", role["vi"])
        assert not re.search(r"[ăđơư]", role["en"]), role["id"]
    assert read_roles() == roles


@needs_gold
def test_the_relevant_participants_are_those_the_labeller_gives_and_in_every_copy() -> None:
    roles = read_roles()
    found = relevance(GOLD, CCS, {r["topic"] for r in roles})
    assert {r["id"]: r["relevant"] for r in roles} == {r["id"]: found[r["topic"]] for r in roles}
    for n in range(1, 11):
        experts = set(read_copy(GOLD / f"d_20_{n}").experts)
        assert all(set(r["relevant"]) <= experts for r in roles), n


@needs_gold
def test_no_role_text_copies_twelve_words_of_a_publication() -> None:
    sources: set[str] = set()
    for folder in sorted(GOLD.glob("d_20_*")):
        sources.update(read_copy(folder).texts)
        for item in json.loads((folder / "submissions.json").read_text("utf-8")).values():
            content = item["content"]
            sources.add(work_text(content.get("title") or "", content.get("abstract") or ""))
    roles = read_roles()
    assert copied_runs([r[lang] for r in roles for lang in ("en", "vi")], sources) == set()


@needs_gold
def test_no_english_role_names_its_topic_by_the_taxonomys_label() -> None:
    labels = {t.id: t.label for t in read_topics(CCS)}

    def words(text: str) -> str:
        return " " + " ".join(w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())) + " "

    named = [r["id"] for r in read_roles() if words(labels[r["topic"]]) in words(r["en"])]
    assert named == []


class _Words:
    """A deterministic stand-in for the sentence model: hashed bags of lower-case words."""

    model_id = "words"
    dimension = 64

    def encode(self, texts: Sequence[str], *, queries: bool = False) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, sum(map(ord, word)) % self.dimension] += 1
        return unit_rows(out)


def _archive(folder: Path, name: str, titles: list[str]) -> None:
    lines = [
        json.dumps({"id": f"{name}{k}", "content": {"title": t}}) for k, t in enumerate(titles)
    ]
    (folder / f"~{name}.jsonl").write_text("\n".join(lines), encoding="utf-8")


def test_a_run_ranks_the_relevant_expert_first_for_the_english_role(tmp_path: Path) -> None:
    archives = tmp_path / "d_20_1" / "archives"
    archives.mkdir(parents=True)
    _archive(archives, "1", ["Bridge corrosion in marine sites", "Concrete fatigue tests"])
    _archive(archives, "2", ["Speech recognition for noisy calls", "Accent robust speech models"])
    _archive(archives, "3", ["Protein folding with lattice models"])
    role: Role = {
        "id": "speech", "topic": "1", "relevant": ["2"],
        "en": "Transcribe noisy calls. Speech with accents.",
        "vi": "Chuyển lời nói thành văn bản. Giọng vùng miền.",
    }  # fmt: skip
    results = run(tmp_path, [role], _Words(), [1])
    for name, (ap, rr) in results.items():
        assert ap["en"] == [1.0], name
        assert rr["en"] == [1.0], name
        assert ap["vi"][0] <= ap["en"][0], name


def test_chance_is_near_the_expected_average_precision_of_a_random_order() -> None:
    # One relevant expert of two: rank 1 or 2 with equal odds, AP = (1 + 1/2) / 2.
    role: Role = {"id": "r", "topic": "1", "relevant": ["a"], "en": "", "vi": ""}
    summary = chance([role], experts=2, draws=2000)
    assert summary.map["en"] == pytest.approx(0.75, abs=0.02)
    assert summary.map["vi"] == summary.map["en"]
