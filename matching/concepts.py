"""Taxonomy concepts named in a text, in Vietnamese or English, as extra evidence terms.

A role described in Vietnamese shares almost no words with an English paper, but both name the
same skills: the bilingual taxonomy gives each skill English and Vietnamese labels and aliases.
Tagging both sides with the concepts they name (`c:deep-learning`) lets the TF-IDF evidence
cross languages. Labels are matched over tokens folded to ASCII (so text with or without
diacritics meets them) and stemmed (so "neural networks" meets "neural network"), the longest
from each token, leaving out those inside a longer one ("deep neural networks" is deep learning);
tokens that are acronyms ("AI", "SoC") match only with their exact case, since "ai" is a common
Vietnamese word ("who").

Tagging runs over every work at index build, so the hot path is one dict look-up per token.
"""

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import snowballstemmer

from talent.core.names import fold_name

PREFIX = "c:"
MAX_CACHED_TOKENS = 100_000
# An acronym token is kept apart from the folded ones by this mark, which no text token holds.
_EXACT = "\x00"
# Vietnamese phrases that contain a label across a word boundary: "khoa học máy tính"
# (computer science) would otherwise read as "học máy" (machine learning). Matched like labels,
# so that the labels inside them are passed over, but they name nothing.
BLOCKERS = ("khoa học máy tính",)

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"\w+")


class SkillLabels(Protocol):
    """What the tagger needs of a skill: its id, labels in both languages and broader ids."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def label_vi(self) -> str | None: ...
    @property
    def aliases(self) -> list[str] | None: ...
    @property
    def broader(self) -> list[str]: ...


@dataclass(slots=True)
class _Node:
    children: dict[str, "_Node"] = field(default_factory=dict)
    concept: str | None = None  # "" for a blocker


def _is_exact(token: str) -> bool:
    """An acronym or a mixed-case name ("AI", "SoC", "5G"): its lower-case form may be a word."""
    return any(ch.isupper() for ch in token[1:]) or (len(token) == 1 and token.isupper())


class ConceptTagger:
    """Maps a text to the taxonomy concepts it names, each as a term `c:<skill id>`.

    Each mention gives its concept `repeat` terms and each broader concept of it one term, so
    that a text about deep learning also speaks, more softly, of machine learning.
    """

    def __init__(
        self,
        concepts: Iterable[tuple[str, Sequence[str], Sequence[str]]],
        *,
        repeat: int = 2,
        broader: bool = True,
    ) -> None:
        rows = [(c, [label for label in labels if label], up) for c, labels, up in concepts]
        exact = {t for _, labels, _ in rows for label in labels for t in _tokens(label)}
        self._exact = {t for t in exact if _is_exact(t)}
        # Each distinct text token's key, and the node its label would start from (None for
        # most), both learnt once per token.
        self._keys: dict[str, str] = {}
        self._starts: dict[str, _Node | None] = {}
        self._root = _Node()
        for blocker in BLOCKERS:
            self._add(blocker, "")
        for concept, labels, _ in rows:
            for label in labels:
                self._add(label, concept)
        known = {concept for concept, _, _ in rows}
        self._terms: dict[str, list[str]] = {
            concept: [PREFIX + concept] * repeat
            + ([PREFIX + b for b in up if b in known] if broader else [])
            for concept, _, up in rows
        }

    @classmethod
    def from_skills(cls, skills: Iterable[SkillLabels], *, broader: bool = True) -> "ConceptTagger":
        """A tagger over skills read from the graph."""
        rows = (
            (s.id, [s.label or "", s.label_vi or "", *(s.aliases or [])], s.broader) for s in skills
        )
        return cls(rows, broader=broader)

    def _learn(self, tokens: list[str]) -> None:
        if len(self._keys) > MAX_CACHED_TOKENS:  # keeps a long-lived index's memory bounded
            self._keys.clear()
            self._starts.clear()
        for token in tokens:
            if token not in self._keys:
                key = self._key(token)
                self._keys[token] = key
                self._starts[token] = self._root.children.get(key)

    def _key(self, token: str) -> str:
        """The exact token, marked, for a label's acronym; else its folded stem."""
        if token in self._exact:
            return _EXACT + token
        folded = token.lower() if token.isascii() else fold_name(token).replace(" ", "")
        stem: str = _STEMMER.stemWord(folded)
        return stem

    def _add(self, label: str, concept: str) -> None:
        keys = [self._key(t) for t in _tokens(label)]
        if not keys or not all(keys):
            return
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if node.concept is None:  # the first skill to claim a label keeps it
            node.concept = concept

    def concepts(self, text: str) -> list[str]:
        """Ids of the concepts named in `text`, once per mention, in order."""
        tokens = _tokens(text)
        try:
            starts = list(map(self._starts.__getitem__, tokens))
        except KeyError:
            self._learn(tokens)
            starts = list(map(self._starts.__getitem__, tokens))
        keys, n = self._keys, len(tokens)
        found: list[str] = []
        reach = 0  # the end of the furthest label found so far
        # Most tokens start no label: find those that do at C speed, then walk from each. A
        # label inside a longer one is passed over; one that only overlaps it counts too.
        for i in itertools.compress(range(n), starts):
            node = starts[i]
            assert node is not None
            end, concept = i + 1, node.concept
            # Walking inline, not in a helper: this loop runs for every label start at build.
            for j in range(i + 1, n):
                node = node.children.get(keys[tokens[j]])
                if node is None:
                    break
                if node.concept is not None:
                    end, concept = j + 1, node.concept
            if concept is not None and end > reach:
                reach = end
                if concept:
                    found.append(concept)
        return found

    def __call__(self, text: str) -> list[str]:
        """The concept terms of `text`: the hook `EvidenceModel(concepts=...)` takes."""
        terms: list[str] = []
        for concept in self.concepts(text):
            terms += self._terms[concept]
        return terms


def _tokens(text: str) -> list[str]:
    # Python's `\w` would split a decomposed "ọ" from its marks; NFC keeps each syllable whole.
    return _WORD.findall(unicodedata.normalize("NFC", text))
