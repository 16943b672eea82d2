"""The production configuration: docker-compose.yml is valid Compose (checked by the compose
client, which needs no engine), and its Neo4j is the version the tests run."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
POM = ROOT / "tools" / "neo4j-test-server" / "pom.xml"
# What an operator sets (docker-compose.yml refuses to start without them).
OPERATOR_ENV = {"NEO4J_PASSWORD": "a-long-password", "TALENT_SECRET_KEY": "x" * 40}


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def _config(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    command = _compose_command()
    if command is None:
        pytest.skip("no compose client (docker compose or docker-compose): make test installs one")
    path = tmp_path / "docker-compose.yml"
    path.write_text(text)
    return subprocess.run(
        [*command, "-f", str(path), "config", "-q"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", **OPERATOR_ENV},
        cwd=ROOT,
    )


def test_the_compose_file_is_valid_compose(tmp_path: Path) -> None:
    checked = _config(COMPOSE.read_text(), tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_the_compose_check_refuses_an_invalid_file(tmp_path: Path) -> None:
    broken = COMPOSE.read_text().replace(
        "restart: unless-stopped", "restart: unless-stopped\n    colour: blue", 1
    )
    checked = _config(broken, tmp_path)
    assert checked.returncode != 0
    assert "colour" in checked.stderr


def test_production_runs_the_neo4j_version_the_tests_run() -> None:
    tested = re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", POM.read_text())
    image = re.search(r"image: neo4j:([\w.-]+)", COMPOSE.read_text())
    assert tested
    assert image
    assert image.group(1) == f"{tested.group(1)}-community"
