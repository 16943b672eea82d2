"""An index kept current change by change (its matrices' overlays, folded or not) ranks, explains
and lists experts exactly as one built afresh from the same rows."""

import random
from datetime import date

import numpy as np
import pytest

from matching.index import MatchIndex
from matching.live import LiveViews
from matching.models import RoleContext, RoleSpec
from matching.profiles import FeatureWeights, RoleProfile
from matching.rank import rank
from talent.core.types import EngagementMode, Residency
from talent.resources.models import Requirement, RoleConstraints
from talent.search.index import SearchIndex
from talent.search.models import SearchRequest
from talent.search.service import search
from talent.snapshot import layered, numbering
from talent.snapshot.rows import (
    AffiliationEdge,
    Authorship,
    ExpertRow,
    Rows,
    SkillEdge,
    SkillLink,
    Taxonomy,
    WorkText,
)

TODAY = date(2026, 12, 7)
SKILLS = [f"s{k}" for k in range(8)]
TAXONOMY = Taxonomy(
    # s1..s3 sit below s0: credit for a narrower skill.
    [SkillLink(s, s, s, [], ["s0"] if s in ("s1", "s2", "s3") else [], []) for s in SKILLS],
    [],
    [],
)
# Words out of the evidence: a patched index keeps its text model, a build learns a new one.
PROFILE = RoleProfile(
    weights=FeatureWeights(
        skill=0.4, evidence=0.0, seniority=0.2, network=0.2, availability=0.1, confidence=0.1
    )
)
ROLE = RoleSpec(
    id="r1",
    kind="chief_engineer",
    title="Chief engineer",
    description="",
    requirements=[
        Requirement(skill_id="s0", weight=1.0, min_level=3),
        Requirement(skill_id="s2", weight=0.5, must=True),
        Requirement(skill_id="s5", weight=0.5),
    ],
    constraints=RoleConstraints(languages=["en"], exclude_organization_ids=["o4"]),
)
CONTEXT = RoleContext("p1", "Programme", ["o1"], ["e005", "e017"], ["e009"])


def _expert(expert_id: str, rng: random.Random) -> ExpertRow:
    return ExpertRow(
        expert_id, "active", rng.random() > 0.1, rng.choice(["home", "overseas"]),
        rng.randint(0, 30), rng.sample(["vi", "en", "fr"], rng.randint(0, 2)),
        rng.sample(["advisory", "full_time"], rng.randint(0, 2)), None, None,
        rng.randint(0, 3), 1_700_000_000_000, expert_id, None, "VN", False, [], None, None,
    )  # fmt: skip


def _links(expert_id: str, rng: random.Random) -> tuple[list[SkillEdge], list[AffiliationEdge]]:
    skills = [
        SkillEdge(expert_id, s, rng.randint(1, 5), rng.choice(["self_declared", "verified"]))
        for s in rng.sample(SKILLS, rng.randint(0, 5))
    ]
    orgs = [
        AffiliationEdge(expert_id, o, rng.choice([None, 2001]), rng.randint(0, 40), "Lead", None)
        for o in rng.sample([f"o{k}" for k in range(6)], rng.randint(0, 2))
    ]
    return skills, orgs


def _rows(count: int, rng: random.Random) -> Rows:
    experts = [_expert(f"e{k:03d}", rng) for k in range(count)]
    skills, orgs, authorships = [], [], []
    for row in experts:
        s, o = _links(row.id, rng)
        skills += s
        orgs += o
    works = [WorkText(f"w{k:03d}", f"Work {k}", None, 2020, "publication") for k in range(40)]
    for work in works:
        for author in rng.sample(experts, rng.randint(1, 3)):
            authorships.append(Authorship(author.id, work.id))
    return Rows(experts, skills, orgs, authorships, works)


def _only(full: Rows, ids: list[str]) -> Rows:
    """What the follower reads again for these experts."""
    wanted = set(ids)
    authored = [a for a in full.authorships if a.expert in wanted]
    works = {a.work for a in authored}
    return Rows(
        [e for e in full.experts if e.id in wanted],
        [s for s in full.skills if s.expert in wanted],
        [a for a in full.affiliations if a.expert in wanted],
        authored,
        [w for w in full.works if w.id in works],
        ids=ids,
    )


def _change(full: Rows, rng: random.Random, step: int) -> tuple[Rows, list[str]]:
    """One write: a profile's skills and ties again, an expert added (between two ids) or one
    gone, and a new work by two experts."""
    experts = list(full.experts)
    # Team members too: their ties and works are others' network.
    victim = CONTEXT.team[step % 2] if step % 4 == 2 else rng.choice(experts).id
    skills = [s for s in full.skills if s.expert != victim]
    orgs = [a for a in full.affiliations if a.expert != victim]
    s, o = _links(victim, rng)
    if step % 4 == 1:  # the same skills at the same levels, confirmed now or no longer
        flip = {"verified": "self_declared", "self_declared": "verified"}
        s = [e._replace(source=flip[e.source or "self_declared"]) for e in full.skills]
        s = [e for e in s if e.expert == victim]
        o = [a for a in full.affiliations if a.expert == victim]
    touched = [victim]
    if step % 3 == 2:  # renamed: found by the new name only
        name = f"Renamed {step}"
        experts = [
            e._replace(full_name=name, consent_match=True) if e.id == victim else e for e in experts
        ]
    if step % 3 == 0:
        newcomer = f"{rng.choice(experts).id}-{step}"
        experts.append(_expert(newcomer, rng))
        s2, o2 = _links(newcomer, rng)
        s, o = s + s2, o + o2
        touched.append(newcomer)
    elif step % 3 == 1:
        gone = rng.choice([e.id for e in experts if e.id not in CONTEXT.team])
        experts = [e for e in experts if e.id != gone]
        skills = [x for x in skills if x.expert != gone]
        orgs = [x for x in orgs if x.expert != gone]
        touched.append(gone)
    work = WorkText(f"w-new-{step}", "New", None, 2026, "patent")
    pair = rng.sample([e.id for e in experts], 2)
    authorships = [a for a in full.authorships if a.expert in {e.id for e in experts}]
    authorships += [Authorship(e, work.id) for e in pair]
    touched += [e for e in pair if e not in touched]
    experts.sort(key=lambda e: e.id)
    changed = Rows(experts, skills + s, orgs + o, authorships, [*full.works, work])
    return changed, touched


def _ranked(index: MatchIndex) -> tuple[dict[str, float], dict[str, int]]:
    ranking = rank(index, ROLE, CONTEXT, PROFILE, today=TODAY)
    scores = {
        index.ids[int(p)]: float(s) for p, s in zip(ranking.candidates, ranking.score, strict=True)
    }
    live = [p for p in range(len(index)) if not index.pending[p]]
    return scores, {index.ids[p]: int(ranking.reasons[p]) for p in live}


SEARCHES = [
    SearchRequest(q="e005"),
    SearchRequest(q="e1"),
    SearchRequest(q="Renamed"),
    SearchRequest(language=["en"]),
    SearchRequest(skills=["s0"], min_level=3),
    SearchRequest(mode=[EngagementMode.ADVISORY], residency=Residency.OVERSEAS),
]


def _found(index: SearchIndex, request: SearchRequest) -> tuple[object, ...]:
    """Who is found, how well and with what, and the facets; ties may list in another order."""
    result = search(index, request, limit=500, cursor=None)
    hits = sorted((h.expert_id, h.model_dump_json()) for h in result.items)
    return result.total, hits, result.facets.model_dump_json()


def _rows_by_id(index: MatchIndex, name: str, columns: list[str]) -> dict[str, dict[str, float]]:
    matrix = getattr(index, name)
    found = {}
    for p, expert_id in enumerate(index.ids):
        if index.pending[p]:
            continue
        at, values = matrix.row(p)
        found[expert_id] = {columns[int(j)]: float(v) for j, v in zip(at, values, strict=True)}
    return found


@pytest.mark.parametrize("folds", [False, True])
def test_a_patched_index_answers_as_one_built_from_the_same_rows(
    folds: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if folds:  # the overlays folded into the base every few changes
        monkeypatch.setattr(layered, "COMPACT_MIN_ROWS", 3)
        monkeypatch.setattr(layered, "COMPACT_SHARE", 0.0)
        monkeypatch.setattr(numbering, "FOLD_MIN", 2)
        monkeypatch.setattr(numbering, "FOLD_SHARE", 0.0)
    rng = random.Random(7)
    full = _rows(120, rng)
    views = LiveViews()
    live = views.build(TAXONOMY, full, "r0")
    for step in range(24):
        full, touched = _change(full, rng, step)
        live = views.apply(live, _only(full, touched), f"r{step + 1}")
    fresh = views.build(TAXONOMY, full, "built")
    index, built = live.match, fresh.match
    for request in SEARCHES:
        assert _found(live.search, request) == _found(fresh.search, request), request

    assert _ranked(index) == _ranked(built)
    ids = [index.ids[int(p)] for p in index.by_id() if not index.pending[int(p)]]
    assert ids == built.ids
    for name in ("skills", "skill_trust"):
        assert _rows_by_id(index, name, SKILLS) == _rows_by_id(built, name, SKILLS)
    for name, columns in (("all_orgs", index.org_ids), ("current_orgs", index.org_ids)):
        built_columns = built.org_ids
        assert _rows_by_id(index, name, columns) == _rows_by_id(built, name, built_columns)
    for expert_id in built.ids[::7]:
        p, q = index.position[expert_id], built.position[expert_id]
        assert {index.ids[c] for c in index.coauthors(p)} == {
            built.ids[c] for c in built.coauthors(q)
        }
    hidden = [len(index.skills.row(int(p))[0]) for p in np.flatnonzero(index.pending)]
    assert index.skills.nnz == built.skills.nnz + sum(hidden)
