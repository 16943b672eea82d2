"""Experts' positions: newcomers numbered after the others in a small map beside the large one,
folded into it past a limit, and never added to a numbering an index already holds."""

import pickle

import pytest

from talent.snapshot import numbering
from talent.snapshot.numbering import Numbering


def test_newcomers_are_numbered_after_the_others_and_the_old_numbering_stays() -> None:
    old = Numbering({"e1": 0, "e3": 1})
    new, added = old.extended(["e3", "e2", "e0", "e2"])
    assert added == ["e2", "e0"]
    assert dict(new) == {"e1": 0, "e3": 1, "e2": 2, "e0": 3}
    assert len(new) == 4
    assert new["e0"] == 3
    assert new.get("e9") is None
    assert new.get("e1") == 0
    assert "e2" in new
    assert "e2" not in old
    assert len(old) == 2
    assert old.extended(["e1"]) == (old, [])
    assert dict(pickle.loads(pickle.dumps(new))) == dict(new)


def test_past_the_limit_the_newcomers_are_folded_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numbering, "FOLD_MIN", 1)
    monkeypatch.setattr(numbering, "FOLD_SHARE", 0.0)
    once, _ = Numbering({"a": 0}).extended(["b"])
    assert once._added == {"b": 1}
    twice, _ = once.extended(["c"])
    assert twice._added == {}
    assert twice._base == {"a": 0, "b": 1, "c": 2}
    assert once._base == {"a": 0}
