"""Duplicate detection on generated profiles with known duplicates: precision, recall, latency.

The base is N demo experts. Duplicates re-register M of them the way people do: a typo in the
given or middle name, no diacritics, the name in Western order, another e-mail, no ORCID, a
partly different skill list, sometimes another employer or a birth year off by one. Negatives are
M other people (another seed), many of whom share a common name with someone in the base.
A duplicate counts as found when its original is among the `likely` candidates; every other
`likely` candidate is a false positive.

Targets (issue): precision >= 0.95, recall >= 0.90, one check against 100,000 in < 50 ms.
"""

import argparse
import random
import time
import unicodedata

from bench.common import percentiles, report
from talent.demo.generator import DemoGenerator
from talent.duplicates.scoring import DuplicateIndex, Profile, Verdict, distinct

LETTERS = "abcdeghiklmnopqrstuvxy"


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(["swap", "drop", "replace"]) if len(word) > 2 else "replace"
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice(LETTERS) + word[i + 1 :]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def perturb(rng: random.Random, original: Profile, other_orgs: list[str], n: int) -> Profile:
    family, *middle, given = original.full_name.split()
    changes = rng.sample(["typo", "plain", "western"], rng.randint(1, 3))
    if "typo" in changes:
        if middle and rng.random() < 0.4:
            middle[0] = _typo(rng, middle[0])
        else:
            given = _typo(rng, given)
    words = [given, *middle, family] if "western" in changes else [family, *middle, given]
    name = " ".join(words)
    if "plain" in changes:
        name = _plain(name)
    skills = sorted(original.skills)
    kept = distinct(rng.sample(skills, max(1, round(len(skills) * rng.uniform(0.5, 1.0)))))
    orgs = original.organizations if rng.random() < 0.7 else (rng.choice(other_orgs),)
    birth = original.birth_year
    if birth and rng.random() < 0.1:
        birth += rng.choice([-1, 1])
    return Profile(
        id=f"dup-{n}",
        full_name=name,
        emails=(f"someone.{n}@mail.example",),
        orcid=None,
        birth_year=birth,
        country=original.country,
        organizations=orgs,
        skills=kept,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--duplicates", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    base_generator = DemoGenerator(21)
    started = time.perf_counter()
    base = [Profile.of(d.id, d.expert) for d in base_generator.experts(args.profiles)]
    index = DuplicateIndex(base)
    build_seconds = time.perf_counter() - started

    picked = rng.sample(range(len(base)), args.duplicates)
    duplicates = [
        (perturb(rng, base[i], base_generator.org_ids, n), base[i].id) for n, i in enumerate(picked)
    ]
    strangers = [
        (Profile.of(d.id, d.expert), None) for d in DemoGenerator(99).experts(args.duplicates)
    ]
    found = missed = false_positives = reviewed = 0
    latencies = []
    for query, original in duplicates + strangers:
        t = time.perf_counter()
        candidates = index.find(query)
        latencies.append(time.perf_counter() - t)
        likely = {c.id for c in candidates if c.verdict is Verdict.LIKELY}
        reviewed += any(c.verdict is Verdict.REVIEW for c in candidates)
        if original is not None:
            found += original in likely
            missed += original not in likely
        false_positives += len(likely - {original})
    precision = found / (found + false_positives) if found + false_positives else 1.0
    report(
        {
            "profiles": len(index),
            "duplicate_queries": len(duplicates),
            "stranger_queries": len(strangers),
            "index_build_seconds": round(build_seconds, 1),
            "found": found,
            "missed": missed,
            "false_positives": false_positives,
            "queries_with_a_review_candidate": reviewed,
            "precision": round(precision, 4),
            "recall": round(found / len(duplicates), 4),
            "check_latency": percentiles(latencies),
            "targets": {"precision": 0.95, "recall": 0.90, "check_ms": 50},
        }
    )


if __name__ == "__main__":
    main()
