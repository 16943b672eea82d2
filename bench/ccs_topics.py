"""Topics of the ACM Computing Classification System (2012, SKOS XML) and a phrase labeller.

The labeller marks a text with a concept when one of the concept's labels, or of the concepts
below it, occurs in the text as a whole phrase (lower case, a final `s` dropped from each word).
Only phrases of two or more words count: one-word labels match ordinary prose.
It uses only the curated labels, with no term weights, stemmer or similarity, so it labels works
independently of the evidence scorer that the expert-finding benchmark measures.
"""

import re
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from pathlib import Path

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_SKOS = "{http://www.w3.org/2004/02/skos/core#}"
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str
    depth: int  # 0 for a top concept
    description: str  # its labels and those of the concepts below it
    phrases: frozenset[tuple[str, ...]]


def _words(text: str) -> tuple[str, ...]:
    # A crude plural fold, enough for labels that list "network" and "networks" both.
    words = _WORD.findall(text.lower())
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _specific(phrase: tuple[str, ...]) -> bool:
    # One-word labels ("domain", "architecture", "node") and letters ("i.e." in "IE") match
    # ordinary prose; a phrase of two or more real words names the concept.
    return len(phrase) >= 2 and all(len(w) > 1 and not w.isdigit() for w in phrase)


def _read(path: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    labels: dict[str, list[str]] = {}
    narrower: dict[str, list[str]] = {}
    for concept in ET.parse(path).getroot().iter(f"{_SKOS}Concept"):
        cid = concept.get(f"{_RDF}about", "").lstrip("#")
        pref = [e.text or "" for e in concept.iter(f"{_SKOS}prefLabel")]
        alt = [e.text or "" for e in concept.iter(f"{_SKOS}altLabel")]
        labels[cid] = [t for t in pref + alt if t.strip()]
        narrower[cid] = [
            (e.get(f"{_RDF}resource") or "").lstrip("#") for e in concept.iter(f"{_SKOS}narrower")
        ]
    return labels, narrower


def _depths(narrower: dict[str, list[str]]) -> dict[str, int]:
    below = {c for children in narrower.values() for c in children}
    depth = {c: 0 for c in narrower if c not in below}
    queue = deque(depth)
    while queue:
        parent = queue.popleft()
        for child in narrower.get(parent, []):
            if child in narrower and child not in depth:
                depth[child] = depth[parent] + 1
                queue.append(child)
    return depth


def _subtree(cid: str, narrower: dict[str, list[str]]) -> list[str]:
    seen = [cid]
    queue = deque([cid])
    while queue:
        for child in narrower.get(queue.popleft(), []):
            if child in narrower and child not in seen:
                seen.append(child)
                queue.append(child)
    return seen


def read_topics(path: Path) -> list[Topic]:
    """Every concept of the scheme with the phrases that label a text with it."""
    labels, narrower = _read(path)
    depth = _depths(narrower)
    topics = []
    for cid, own in labels.items():
        if not own or cid not in depth:
            continue
        subtree = _subtree(cid, narrower)
        every = [label for c in subtree for label in labels.get(c, [])]
        phrases = frozenset(p for p in map(_words, every) if _specific(p))
        description = ". ".join(labels[c][0] for c in subtree if labels.get(c))
        topics.append(Topic(cid, own[0], depth[cid], description, phrases))
    return topics


def labelled(texts: list[str], topics: list[Topic]) -> dict[str, set[int]]:
    """Each topic's id -> the positions of the texts it labels."""
    padded = [" " + " ".join(_words(text)) + " " for text in texts]
    phrases = {p for topic in topics for p in topic.phrases}
    found = {p: {k for k, text in enumerate(padded) if f" {' '.join(p)} " in text} for p in phrases}
    return {topic.id: set().union(*(found[p] for p in topic.phrases)) for topic in topics}
