"""Every statement the project sends, through Neo4j's own Cypher front end and through FalkorDB."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench import baselines
from graph import catalogue
from graph.falkor import FalkorStore

FRONTEND = Path(__file__).resolve().parents[2] / "tools" / "cypher-frontend"


def lint(statements: list[dict[str, Any]]) -> dict[str, list[str]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the Neo4j front-end check"
    assert (FRONTEND / "node_modules").is_dir(), "run `make install` first"
    done = subprocess.run(
        [node, "lint.mjs"], input=json.dumps(statements), cwd=FRONTEND,
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return {item["id"]: item["errors"] for item in json.loads(done.stdout)}


def test_every_statement_passes_the_neo4j_front_end() -> None:
    statements = [
        {"id": f"data:{i}", "text": q.text, "params": sorted(q.params)}
        for i, q in enumerate(catalogue.data_queries() + baselines.samples())
    ]
    statements += [
        {"id": f"schema:{i}", "text": text, "params": []}
        for i, text in enumerate(catalogue.schema_statements()["neo4j"])
    ]
    texts = {s["id"]: s["text"] for s in statements}
    errors = {texts[k]: v for k, v in lint(statements).items() if v}
    assert errors == {}
    assert len(statements) > 60


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("MATCH (n:Expert RETURN n", []),
        ("MATCH (n:Expert) RETURN m", []),
        ("MATCH (n:Expert) RETURN apoc.text.join([n.id], ',')", []),
        ("MATCH (n:Expert {id: $id}) RETURN n", []),
    ],
)
def test_the_front_end_rejects_broken_statements(text: str, params: list[str]) -> None:
    assert lint([{"id": "x", "text": text, "params": params}])["x"]


def test_every_data_statement_runs_on_falkordb(server_db: object) -> None:
    store = FalkorStore(server_db, "catalogue")
    store.drop_all()
    for query in catalogue.data_queries() + baselines.samples():
        store.run(query)
