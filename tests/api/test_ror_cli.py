"""`talent ror-load FILE`: a full dump loaded from the command line (no upload limit), the
counts printed as JSON; a malformed file is refused with the reason and exit status 2."""

import json
from pathlib import Path

import pytest

from api.cli import main
from graph.neo4j_store import Neo4jStore
from talent.organizations.register.repository import RorRepository
from tests.talent import ror_fixtures as f


def test_the_command_loads_a_dump_and_a_reload_changes_nothing(
    store: Neo4jStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "v2.8-2026-06-02-ror-data.zip"
    dump.write_bytes(f.dump_zip([f.hust(), f.hue_v1()]))
    assert main(["ror-load", str(dump)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["read"], first["created"], first["unchanged"]) == (2, 2, 0)
    assert main(["ror-load", str(dump)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert RorRepository(store).count() == 2


def test_a_malformed_file_is_refused_with_the_reason(
    store: Neo4jStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "ror.json"
    broken.write_bytes(b'[{"id": "https://ror.org/04hb5qz12",}]')
    assert main(["ror-load", str(broken)]) == 2
    assert capsys.readouterr().err.startswith(
        "talent ror-load: malformed JSON at character 36: Illegal trailing comma"
    )
    assert RorRepository(store).count() == 0
