"""The duplicate check as registration runs it, against the graph: after each new profile is
written, the next registrant is checked, which first reads what changed since the last check.

Reports the first (full) build and the check-after-a-write latency at N demo experts.
Target (issue): one check against 100,000 profiles in under 50 ms.
"""

import argparse
import time

from bench.common import percentiles, report, temp_store
from talent.accounts.models import AccountRead, Role
from talent.demo.generator import DemoGenerator
from talent.duplicates.checker import DuplicateChecker, DuplicateViews
from talent.experts.service import ExpertService
from talent.snapshot.follower import Follower

ADMIN = AccountRead(
    id="bench", email="bench@example.org", role=Role.ADMIN, name="bench", active=True, created_at=0
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=100)
    args = parser.parse_args()
    with temp_store(experts=args.experts) as bench:
        store = bench.store
        # Another seed's people; their organisations are not in this graph.
        newcomers = [
            d.expert.model_copy(update={"affiliations": []})
            for d in DemoGenerator(77).experts(args.registrations * 2)
        ]
        follower = Follower(store, DuplicateViews(), name="duplicate index")
        checker = DuplicateChecker(store, follower)
        started = time.perf_counter()
        checker.find(newcomers[0])
        full_build = time.perf_counter() - started
        experts = ExpertService(store)
        samples = []
        found_again = 0
        for n in range(args.registrations):
            written = experts.create(ADMIN, newcomers[n], duplicates=checker)
            started = time.perf_counter()
            checker.find(newcomers[args.registrations + n])
            samples.append(time.perf_counter() - started)
            # The profile just written is already known to the next check: the same person
            # registering again without an e-mail is found by name, birth year and skills.
            twin = newcomers[n].model_copy(update={"emails": []})
            found_again += written.id in {c.id for c in checker.find(twin)}
    report(
        {
            "experts": args.experts,
            "first_full_build_seconds": round(full_build, 1),
            "check_after_a_write": percentiles(samples),
            "full_builds": follower.rebuilds,
            "changes_applied": follower.applied,
            "just_written_profile_found_by_its_twin": round(found_again / args.registrations, 3),
            "target_ms": 50,
        }
    )


if __name__ == "__main__":
    main()
