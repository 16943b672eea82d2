"""Loss of the evidence-fit scorer on the expertise gold standard, beside the published results.

Runs `talent affinity` on each of the ten copies and scores its output with the metric of the
data set's README: the mean over copies, with accuracy on easy and hard pairs.
"""

import argparse
import csv
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PUBLISHED = [
    ("ELMo", 0.34, 0.70, 0.57),
    ("ACL (reviewer-matching model)", 0.30, 0.78, 0.62),
    ("TPMS (TF-IDF style)", 0.28, 0.80, 0.62),
    ("SPECTER", 0.27, 0.85, 0.57),
    ("SPECTER + MFR", 0.24, 0.88, 0.60),
    ("SciNCL", 0.22, 0.90, 0.65),
    ("SPECTER2", 0.22, 0.89, 0.61),
    ("SPECTER2 + SciNCL", 0.21, 0.91, 0.65),
]

Gold = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Result:
    loss: float
    easy: float
    hard: float


def read_gold(path: Path) -> Gold:
    gold: Gold = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            pairs = ((row[f"Paper{i}"], row[f"Expertise{i}"]) for i in range(1, 11))
            gold[row["ParticipantID"]] = {p: float(e) for p, e in pairs if p and e}
    return gold


def evaluate(predicted: dict[str, dict[str, float]], gold: Gold) -> Result:
    """The README's metric: order errors weighted by the gold difference, ties count half."""
    numerator = denominator = 0.0
    easy = [0, 0]
    hard = [0, 0]
    for participant, scores in gold.items():
        mine = predicted[participant]
        for a, b in itertools.combinations(scores, 2):
            truth = scores[a] - scores[b]
            guess = mine[a] - mine[b]
            denominator += abs(truth)
            if guess * truth < 0:
                numerator += abs(truth)
            elif guess * truth == 0:
                numerator += abs(truth) / 2
            high, low = max(scores[a], scores[b]), min(scores[a], scores[b])
            right = guess * truth > 0
            if high >= 4 and low <= 2:
                easy[0] += right
                easy[1] += 1
            if low >= 4 and truth != 0:
                hard[0] += right
                hard[1] += 1
    return Result(numerator / denominator, easy[0] / easy[1], hard[0] / hard[1])


def affinities(
    copy: Path, out: Path, cache: Path | None, *, meaning: bool
) -> dict[str, dict[str, float]]:
    command = [
        sys.executable, "-m", "api.cli", "affinity",
        "--archives", str(copy / "archives"),
        "--submissions", str(copy / "submissions.json"),
        "--out", str(out),
    ]  # fmt: skip
    if cache is not None:
        command += ["--vector-cache", str(cache)]
    env = {**os.environ, "TALENT_EMBEDDING": "true" if meaning else "false"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    scores: dict[str, dict[str, float]] = json.loads(out.read_text())
    return scores


SCORERS = {"talentgraph, words and meaning": True, "talentgraph, words only": False}


def _mean(results: list[Result]) -> Result:
    fields = ("loss", "easy", "hard")
    return Result(*(sum(getattr(r, f) for r in results) / len(results) for f in fields))


def _row(result: Result) -> str:
    return f"loss {result.loss:.4f}  easy {result.easy:.3f}  hard {result.hard:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="the expertise gold standard folder")
    parser.add_argument(
        "--vector-cache", type=Path, help="an .npz file keeping the texts' vectors between runs"
    )
    args = parser.parse_args()
    if args.vector_cache is not None:
        args.vector_cache.parent.mkdir(parents=True, exist_ok=True)
    gold = read_gold(args.data / "evaluations.csv")
    baseline = json.loads((args.data / "tpms_predictions_d_20_1.json").read_text())
    print(f"metric check: TPMS predictions on copy 1 lose {evaluate(baseline, gold).loss:.4f}")
    results: dict[str, list[Result]] = {name: [] for name in SCORERS}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(1, 11):
            copy = args.data / f"d_20_{n}"
            for name, meaning in SCORERS.items():
                out = Path(scratch) / f"{n}.json"
                scores = affinities(copy, out, args.vector_cache, meaning=meaning)
                results[name].append(evaluate(scores, gold))
                print(f"copy {n:2}, {name}: {_row(results[name][-1])}")
    seconds = time.perf_counter() - started
    print("\n| method | loss | easy | hard |\n|---|---|---|---|")
    for name, loss, easy, hard in PUBLISHED:
        print(f"| {name} | {loss:.2f} | {easy:.2f} | {hard:.2f} |")
    # The mix of words and meaning was chosen on copies 1-5; 6-10 are held out.
    for label, copies in (("copies 1-5", slice(0, 5)), ("6-10", slice(5, 10)), ("1-10", None)):
        for name, found in results.items():
            mean = _mean(found[copies] if copies else found)
            print(f"| {name}, {label} | {mean.loss:.3f} | {mean.easy:.3f} | {mean.hard:.3f} |")
    print(f"\n10 copies in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
