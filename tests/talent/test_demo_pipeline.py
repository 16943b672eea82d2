"""Demo data puts some experts into the attraction pipeline, so a demo's KPI is not empty."""

from graph.neo4j_store import Neo4jStore
from talent.demo.seeding import seed_demo
from talent.pipeline.models import Stage
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import Pipeline


def test_demo_experts_are_spread_over_the_pipeline_stages(store: Neo4jStore) -> None:
    result = seed_demo(store, 300, seed=3)
    assert result["in_pipeline"] == 20
    entries = PipelineRepository(store).page(stage=None, after="", limit=200)
    assert len(entries) == 20
    assert len({e.stage for e in entries}) >= 3
    engaged = [e for e in entries if e.stage is Stage.ENGAGED]
    for entry in engaged[:3]:
        history = Pipeline(store).history(entry.expert_id)
        # Every step of the way forward, by hand: never a stage skipped, never one aside.
        assert [c.to.value for c in history] == [
            "identified",
            "contacted",
            "interested",
            "negotiating",
            "committed",
            "engaged",
        ]
        assert [c.at for c in history] == sorted(c.at for c in history)
