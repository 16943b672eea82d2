"""The network feature, worked out by hand on a small graph: ties to the programme, co-authors
of the team and of those tied to the programme, colleagues of the team, and a team member's own
shortlisting giving her nothing."""

from datetime import date

import pytest

from matching.build import build_index
from matching.index import MatchIndex
from matching.models import RoleContext, RoleSpec
from matching.profiles import FeatureWeights, RoleProfile
from matching.rank import rank
from talent.resources.models import RoleConstraints
from talent.snapshot.rows import AffiliationEdge, Authorship, Rows, Taxonomy, WorkText
from tests.factories import expert_row

TODAY = date(2026, 12, 7)
PROFILE = RoleProfile(
    weights=FeatureWeights(
        skill=0.0, evidence=0.0, seniority=0.0, network=1.0, availability=0.0, confidence=0.0
    )
)
ROLE = RoleSpec(
    id="r1",
    kind="chief_engineer",
    title="Chief engineer",
    description="",
    requirements=[],
    constraints=RoleConstraints(),
)


def _tie(expert: str, org: str, source: str | None) -> AffiliationEdge:
    # Ties to the contractor lie in the past: a current one is a conflict of interest.
    return AffiliationEdge(expert, org, 2020 if org == "prog" else None, 0, "Researcher", source)


# a: team member at lab; b: team member, was at prog (the programme's contractor), self-declared.
# c writes w1 with a; d was at prog (verified) and writes w2 with e; f is a's colleague at lab;
# g writes w3 alone; h is at lab and was at prog, self-declared there.
ROWS = Rows(
    experts=[expert_row(x) for x in "abcdefgh"],
    skills=[],
    affiliations=[
        _tie("a", "lab", "verified"),
        _tie("b", "prog", None),
        _tie("d", "prog", "verified"),
        _tie("f", "lab", None),
        _tie("h", "lab", "verified"),
        _tie("h", "prog", None),
    ],
    authorships=[
        Authorship("a", "w1"),
        Authorship("c", "w1"),
        Authorship("d", "w2"),
        Authorship("e", "w2"),
        Authorship("g", "w3"),
    ],
    works=[WorkText(w, f"Work {w}", None, 2024, "publication") for w in ("w1", "w2", "w3")],
)


def _network(index: MatchIndex, team: list[str]) -> dict[str, float]:
    context = RoleContext("p1", "Programme", ["prog"], team, [])
    ranking = rank(index, ROLE, context, PROFILE, today=TODAY)
    values = ranking.features["network"].tolist()
    return {index.ids[int(p)]: v for p, v in zip(ranking.candidates, values, strict=True)}


def test_network_values_worked_out_by_hand() -> None:
    index = build_index(Taxonomy([], [], []), ROWS, "r1", today=TODAY)
    assert _network(index, ["a", "b"]) == pytest.approx(
        {
            "a": 0.0,  # her co-author c is tied to nothing; no other member at lab
            "b": 0.8,  # her own tie to prog, self-declared
            "c": 1.0,  # co-author of team member a
            "d": 1.0,  # tied to prog, verified
            "e": 0.5,  # co-author of d, who is tied to prog
            "f": 0.4,  # a's colleague at lab, through a self-declared tie: 0.5 x 0.8
            "g": 0.0,  # a work of her own only
            "h": 0.8,  # tied to prog (self-declared) beats colleague of a (0.5)
        }
    )
    # With no team, only the programme's ties and their co-authors count.
    assert _network(index, []) == pytest.approx(
        {"a": 0.0, "b": 0.8, "c": 0.0, "d": 1.0, "e": 0.5, "f": 0.0, "g": 0.0, "h": 0.8}
    )
    # Two members at lab: each is the other's colleague.
    assert _network(index, ["a", "f"])["a"] == pytest.approx(0.5)
    assert _network(index, ["a", "f"])["f"] == pytest.approx(0.4)
