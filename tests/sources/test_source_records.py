"""The offline check of the parsers against real records (bench/source_records.py)."""

from pathlib import Path

import pytest

from bench import source_records


def test_an_absent_folder_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.argv", ["source_records", "--path", str(tmp_path / "none")])
    assert source_records.main() == 2
    assert "no source records at" in capsys.readouterr().err


def test_a_record_that_does_not_parse_fails_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for source in ("orcid", "openalex", "crossref"):
        (tmp_path / source).mkdir()
    (tmp_path / "orcid" / "x_0000-0002-1234-5677_works.json").write_text('{"group": 3}')
    (tmp_path / "crossref" / "work_ok.json").write_text(
        '{"status": "ok", "message-type": "work", "message": {"title": ["Lúa"], '
        '"author": [{"given": "Thị Hương", "family": "Nguyễn"}]}}'
    )
    monkeypatch.setattr("sys.argv", ["source_records", "--path", str(tmp_path)])
    assert source_records.main() == 1
    out = capsys.readouterr().out
    assert "orcid/x_0000-0002-1234-5677_works.json: FAILED TypeError" in out
    assert "crossref/work_ok.json: 1 work, year None; 1 authors, 0 with ORCID, 1 Vietnamese" in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Thị Hương", True),
        ("Nguyen The Hung", True),
        ("T. H. Nguyen", True),
        ("Lê Hoàng Phương", True),
        ("Stephen Eglen", False),
        ("José Müller", False),
    ],
)
def test_vietnamese_looking_names(name: str, expected: bool) -> None:
    assert source_records.vietnamese(name) is expected
