"""Loss of the evidence-fit scorer on the expertise gold standard, beside the published results.

Runs `talent affinity` on each of the ten copies and scores its output with the metric of the
data set's README: the mean over copies, with accuracy on easy and hard pairs.
"""

import argparse
import csv
import itertools
import json
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


def affinities(copy: Path, out: Path) -> dict[str, dict[str, float]]:
    command = [
        sys.executable, "-m", "api.cli", "affinity",
        "--archives", str(copy / "archives"),
        "--submissions", str(copy / "submissions.json"),
        "--out", str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    scores: dict[str, dict[str, float]] = json.loads(out.read_text())
    return scores


def _row(result: Result) -> str:
    return f"loss {result.loss:.4f}  easy {result.easy:.3f}  hard {result.hard:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="the expertise gold standard folder")
    args = parser.parse_args()
    gold = read_gold(args.data / "evaluations.csv")
    baseline = json.loads((args.data / "tpms_predictions_d_20_1.json").read_text())
    print(f"metric check: TPMS predictions on copy 1 lose {evaluate(baseline, gold).loss:.4f}")
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(1, 11):
            copy = args.data / f"d_20_{n}"
            result = evaluate(affinities(copy, Path(scratch) / f"{n}.json"), gold)
            results.append(result)
            print(f"copy {n:2}: {_row(result)}")
    mean = Result(
        *(sum(getattr(r, f) for r in results) / len(results) for f in ("loss", "easy", "hard"))
    )
    seconds = time.perf_counter() - started
    print("\n| method | loss | easy | hard |\n|---|---|---|---|")
    for name, loss, easy, hard in PUBLISHED:
        print(f"| {name} | {loss:.2f} | {easy:.2f} | {hard:.2f} |")
    print(f"| talentgraph evidence fit | {mean.loss:.3f} | {mean.easy:.3f} | {mean.hard:.3f} |")
    print(f"\n10 copies in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
