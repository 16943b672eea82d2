from collections import Counter

from talent.demo.generator import DemoGenerator
from talent.taxonomy.bundled import bundled


def test_the_same_seed_gives_the_same_experts() -> None:
    first = [d.expert.model_dump() for d in DemoGenerator(7).experts(20)]
    again = [d.expert.model_dump() for d in DemoGenerator(7).experts(20)]
    other = [d.expert.model_dump() for d in DemoGenerator(8).experts(20)]
    assert first == again
    assert first != other


def test_demo_experts_are_realistic_and_varied() -> None:
    experts = list(DemoGenerator().experts(500))
    skill_ids = {s["id"] for s in bundled()["skills"]}
    countries = Counter(d.expert.country for d in experts)
    assert 0.5 < countries["VN"] / 500 < 0.7
    assert len(countries) >= 10
    assert any(ch in d.expert.full_name for d in experts for ch in "ễđĐăơư")
    assert all(s.skill_id in skill_ids for d in experts for s in d.expert.skills)
    assert all(d.expert.skills and d.expert.affiliations for d in experts)
    works = [w for d in experts for _, w in d.works]
    assert 2.5 < len(works) / 500 < 3.5
    assert all(w.title and w.abstract for w in works)
    assert len({d.id for d in experts}) == 500
