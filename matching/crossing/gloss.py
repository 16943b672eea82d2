"""Vietnamese -> English glossing of query texts (a role's or a topic's words).

Evidence (titles, abstracts) is mostly English and the sentence model reads English only, while
leads write roles in Vietnamese. `crossed(text)` appends the English rendering of the glossary's
Vietnamese phrases found in the text, so that both the words and the meaning reach English works.

Matching runs over syllables (Vietnamese words are mostly two or more syllables written apart),
longest phrase first, after NFC, lower case and two spelling canonicalisations that Vietnamese
writers disagree on: where the tone mark sits in oa/oe/uy ("hoá"/"hóa", "thuỷ"/"thủy") and i/y
after a consonant ("kĩ"/"kỹ", "lí"/"lý"). Text typed without diacritics ("pin the ran") matches a
phrase of two or more syllables only where its unaccented form names one English rendering in the
whole glossary ("dien tu" could be "điện tử", electronics, or "điện từ", electromagnetic).
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FOLDER = Path(__file__).resolve().parent
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Marks found in Vietnamese but seldom in other Latin scripts: hook above, dot below, horn, breve.
_VIETNAMESE_MARKS = frozenset("\u0309\u0323\u031b\u0306")
# Tone written on the first vowel of "oa", "oe", "uy" ("hóa", "thủy") moves to the second.
_TONE_ON_FIRST = re.compile(f"(?<=[ou])([{_TONES}])([aey])")
_CONSONANT_Y = re.compile(
    f"^(b|c|ch|d|đ|gh|h|k|kh|l|m|n|nh|p|ph|qu|r|s|t|th|tr|v|x)y([{_TONES}]?)$"
)
# Punctuation that ends a clause; "&", "-" and a decimal point stay inside ("R&D", "nơ-ron", "4.0").
_CLAUSE = re.compile(r"(?:[,;:!?()\[\]{}<>\"“”«»/|•…+=*]|\.(?!\d))+")
_SYLLABLE = re.compile(r"[^\W_]+")
# A text without a single Vietnamese mark is read as unaccented Vietnamese only when most of its
# words are syllables of the glossary; English words like "the", "can", "in" are syllables too.
UNACCENTED_SHARE = 0.6

Phrase = tuple[str, ...]


def _syllable(token: str) -> str:
    """A syllable as compared: tone on the second vowel of oa/oe/uy, i for y after a consonant."""
    decomposed = _TONE_ON_FIRST.sub(r"\2\1", unicodedata.normalize("NFD", token))
    return unicodedata.normalize("NFC", _CONSONANT_Y.sub(r"\1i\2", decomposed))


def fold(token: str) -> str:
    """The syllable without any diacritics, as typed on a keyboard without a Vietnamese layout."""
    bare = "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))
    return bare.replace("đ", "d")


def _marked(token: str) -> bool:
    return fold(token) != token


def clauses(text: str) -> list[list[str]]:
    """The text's syllables, in the compared spelling, clause by clause (a phrase never spans a
    comma or a full stop); hyphens separate syllables ("nơ-ron" = "nơ ron")."""
    text = unicodedata.normalize("NFC", text).lower()
    found = ([_syllable(s) for s in _SYLLABLE.findall(part)] for part in _CLAUSE.split(text))
    return [c for c in found if c]


@dataclass(frozen=True)
class Glossary:
    """Phrases by their syllables, exact and unaccented, with the prefixes that lead to them."""

    exact: dict[Phrase, str]
    folded: dict[Phrase, str]
    prefixes: frozenset[Phrase]
    folded_prefixes: frozenset[Phrase]
    syllables: frozenset[str]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> "Glossary":
        """The glossary of (Vietnamese, English) pairs; a later pair never overrides an earlier."""
        exact: dict[Phrase, str] = {}
        for vietnamese, english in pairs:
            key = tuple(s for c in clauses(vietnamese) for s in c)
            if key:
                exact.setdefault(key, english)
        renderings: dict[Phrase, set[str]] = {}
        for key, english in exact.items():
            renderings.setdefault(tuple(fold(s) for s in key), set()).add(english)
        # An unaccented form is trusted only where every phrase it may stand for reads the same.
        folded = {
            key: next(iter(found))
            for key, found in renderings.items()
            if len(key) > 1 and len(found) == 1
        }
        syllables = {fold(s) for key in exact if any(map(_marked, key)) for s in key}
        return cls(exact, folded, _prefixes(exact), _prefixes(folded), frozenset(syllables))

    def reads_vietnamese(self, syllables: Sequence[str]) -> bool:
        """Whether the text is Vietnamese: a Vietnamese mark, or mostly glossary syllables."""
        words = [s for s in syllables if not s.isdigit()]
        if any(c in _VIETNAMESE_MARKS or c == "đ" for s in words for c in _decomposed(s)):
            return True
        known = sum(1 for s in words if len(s) > 1 and s in self.syllables)
        return bool(words) and known >= UNACCENTED_SHARE * len(words)

    def longest(self, syllables: Sequence[str], start: int) -> tuple[int, str] | None:
        """The longest phrase starting at `start` (an exact one where both are as long)."""
        best: tuple[int, str] | None = None
        end = start
        while end < len(syllables) and tuple(syllables[start : end + 1]) in self.prefixes:
            end += 1
            if (english := self.exact.get(tuple(syllables[start:end]))) is not None:
                best = (end, english)
        end = start
        # Folded phrases hold unaccented syllables only: an accented one never matches them.
        while end < len(syllables) and tuple(syllables[start : end + 1]) in self.folded_prefixes:
            end += 1
            english = self.folded.get(tuple(syllables[start:end]))
            if english is not None and (best is None or end > best[0]):
                best = (end, english)
        return best

    def renderings(self, text: str) -> list[str]:
        """The English renderings of the phrases found in `text`, in the text's order."""
        parts = clauses(text)
        if not self.reads_vietnamese([s for c in parts for s in c]):
            return []
        found: list[str] = []
        for syllables in parts:
            start = 0
            while start < len(syllables):
                match = self.longest(syllables, start)
                if match is None:
                    start += 1
                    continue
                start, english = match
                found.append(english)
        return found


def _decomposed(syllable: str) -> str:
    return unicodedata.normalize("NFD", syllable)


def _prefixes(phrases: Iterable[Phrase]) -> frozenset[Phrase]:
    return frozenset(p[:n] for p in phrases for n in range(1, len(p) + 1))


def read_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(Vietnamese, English) from glossary lines: `phrase<TAB>rendering`, `#` starts a comment."""
    pairs = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        vietnamese, english = line.rstrip("\n").split("\t")
        pairs.append((vietnamese.strip(), english.strip()))
    return pairs


def glossary_files() -> list[Path]:
    return sorted(_FOLDER.glob("*.tsv"))


@cache
def glossary() -> Glossary:
    """The shipped glossary, read once per process."""
    paths = glossary_files()
    if not paths:
        # Without its files every gloss would be silently empty: an install that left out the
        # package data must fail where it is noticed.
        raise FileNotFoundError(f"no glossary (*.tsv) beside {__file__}: package data missing")
    return Glossary.of(
        pair for path in paths for pair in read_pairs(path.read_text(encoding="utf-8").splitlines())
    )


def gloss(text: str) -> str:
    """The English rendering of the Vietnamese phrases in `text`; "" where it has none."""
    return " ".join(glossary().renderings(text))


def crossed(text: str) -> str:
    """`text` followed by its English gloss, when it has one: the query text for English works."""
    english = gloss(text)
    return f"{text} {english}" if english else text


def for_meaning(text: str) -> str:
    """What an English-only sentence model reads of a query: the English gloss of a Vietnamese
    text (its Vietnamese words would be noise to the model), the text itself otherwise."""
    return gloss(text) or text
