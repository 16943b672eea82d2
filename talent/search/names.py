"""Scoring experts' names against a typed name: each typed word against the name words it may
stand for, computed for the experts whose names hold every typed word (or, failing that, any),
never over every expert."""

import bisect
from collections import Counter

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from talent.core.names import fold_name
from talent.search.index import SearchIndex, words
from talent.snapshot.picked import Ints, Picked

NAME_TOKEN_CUTOFF = 80.0  # rapidfuzz ratio for a typo in one name word
PREFIX_CREDIT = 0.85  # a word typed in part ("ngu" for "nguyen")
SLIP_PREFIX_BONUS = 0.05  # ... short of one letter only ("th" for "thi" rather than "thanh")
REUSED_PENALTY = 0.1  # a name word two typed words stand for, the name having others
ORDER_BONUS = 0.001  # the same words in the order typed: a tie-break, never more
MAX_FUZZY = 50  # name words considered per typed word
MAX_PREFIX = 200
MAX_WORDS = 8  # typed words read

Scores = npt.NDArray[np.float32]
# A typed word's name words, weakest first, with their credit and place in the vocabulary.
Close = list[tuple[str, float, int]]


def close_words(index: SearchIndex, token: str) -> dict[str, float]:
    """The name words a typed word may stand for, with their credit: itself 1; one slip of the
    keys away (a letter wrong, missing, extra, or two swapped: what a ratio misses in a short
    word, "tha" for "thi") or spelt close, 0.6 .. 0.8 by the letters shared; begun ("ngu" for
    "nguyen", an initial) `PREFIX_CREDIT`, a little more one letter short ("th": "thi", not
    "thanh")."""
    credit: dict[str, float] = {}
    one_slip = process.extract(
        token,
        index.vocabulary,
        scorer=OSA.distance,
        processor=None,
        score_cutoff=1 if len(token) >= 2 else 0,
        limit=MAX_FUZZY,
    )
    near = process.extract(
        token,
        index.vocabulary,
        scorer=fuzz.ratio,
        processor=None,
        score_cutoff=NAME_TOKEN_CUTOFF,
        limit=MAX_FUZZY,
    )
    for word in {w for w, _, _ in one_slip} | {w for w, _, _ in near}:
        credit[word] = 1.0 if word == token else 0.6 + 0.2 * _shared_letters(token, word)
    start = bisect.bisect_left(index.vocabulary, token)
    for word in index.vocabulary[start : start + MAX_PREFIX]:
        if not word.startswith(token):
            break
        if word != token:
            slip = len(word) == len(token) + 1
            credit[word] = PREFIX_CREDIT + (SLIP_PREFIX_BONUS if slip else 0.0)
    return credit


def _shared_letters(typed: str, word: str) -> float:
    """The letters two words share, counted with repeats, over the longer word's length: two
    letters swapped lose none ("ahn" is "anh" more than "an"), unlike a ratio."""
    shared = sum((Counter(typed) & Counter(word)).values())
    return shared / max(len(typed), len(word))


def _close(index: SearchIndex, token: str) -> Close:
    found = sorted(close_words(index, token).items(), key=lambda wc: wc[1])
    return [(w, c, bisect.bisect_left(index.vocabulary, w)) for w, c in found]


def _holders(index: SearchIndex, every: list[Close]) -> Picked:
    """Who has a name word of any of `every`."""
    lists = [index.postings[w] for close in every for w, _, _ in close]
    return Picked.marked(lists, len(index))


def _read(
    index: SearchIndex, rows: Picked, every: list[Close]
) -> tuple[Scores, npt.NDArray[np.int32]]:
    """For each typed word and each expert of `rows`: the credit of its best name word (0 for
    none), and that word's place in the vocabulary (-1). Weakest words first, so that each row
    ends with its best."""
    credit = np.zeros((len(every), len(rows)), dtype=np.float32)
    word = np.full((len(every), len(rows)), -1, dtype=np.int32)
    for k, close in enumerate(every):
        for w, c, place in close:
            slot, hit = rows.slots(index.postings[w])
            credit[k, slot[hit]] = c
            word[k, slot[hit]] = place
    return credit, word


def name_scores(index: SearchIndex, q: str) -> tuple[Ints, Scores] | None:
    """The experts whose names the typed name may be (ascending) and their scores 0..1; None
    for nothing typed. Every typed word must match a word of the name, exactly, within a typo,
    or as its beginning, in any order (family name first as at home, or given name first as
    abroad); failing any such name, names that match some. Rarer words weigh more, and of
    names with the same words, the one in the order typed comes first."""
    tokens = fold_name(q).split()[:MAX_WORDS]
    if not tokens:
        return None
    every = [_close(index, token) for token in tokens]
    # Whoever holds every typed word holds the rarest one: start from those.
    sizes = [sum(len(index.postings[w]) for w, _, _ in close) for close in every]
    rows = _holders(index, [every[int(np.argmin(sizes))]])
    credit, word = _read(index, rows, every)
    holds_all = (credit > 0).all(axis=0)
    if not holds_all.any():
        rows = _holders(index, every)
        credit, word = _read(index, rows, every)
        holds_all = np.ones(len(rows), dtype=bool)
    found = rows.positions[holds_all]
    credit, word = credit[:, holds_all], word[:, holds_all]
    rarest = max(index.idf.values(), default=1.0)
    total = np.zeros(len(found), dtype=np.float32)
    weights = 0.0
    for k, token in enumerate(tokens):
        weight = index.idf.get(token, rarest)
        total += weight * credit[k]
        weights += weight
    return found, _shaped(index, found, tokens, total / np.float32(weights), credit, word)


def _shaped(
    index: SearchIndex,
    rows: Ints,
    tokens: list[str],
    score: Scores,
    credit: Scores,
    word: npt.NDArray[np.int32],
) -> Scores:
    """Of two names that both contain the words typed, the one with fewer other words first;
    of names with the very words typed, the one in the order typed."""
    lengths = index.key_sizes[rows, 0].astype(np.float32)
    distinct = index.key_sizes[rows, 1].astype(np.int32)
    coverage = np.minimum(1.0, len(tokens) / np.maximum(lengths, 1))
    # Two words typed that stand for the same word of a name, where the name has other words
    # they could have stood for ("Tuan Tuan Hoang" is not "Hoàng Tuấn Quân"), count as one.
    chosen = np.sort(word, axis=0)
    used = 1 + (np.diff(chosen, axis=0) != 0).sum(axis=0) - (chosen[0] < 0)
    reused = np.maximum(0, np.minimum(len(tokens), distinct) - used)
    shaped: Scores = (0.8 * score + 0.2 * coverage - REUSED_PENALTY * reused).astype(np.float32)
    exact = (credit == 1).all(axis=0)
    same_words = np.flatnonzero((lengths == len(tokens)) & exact)
    in_order = [k for k in same_words.tolist() if words(index.names[int(rows[k])]) == tokens]
    shaped[in_order] += ORDER_BONUS
    return shaped
