"""What an officer would do by hand, as the baseline the solver is measured against: role by role
in the order given, the pinned experts first, then the best candidates still free. It keeps the
rules a single choice can break (limits, one organisation's share, years, forbidden pairs) and
cannot plan for those that only the whole portfolio keeps (experts at home, the diaspora share)."""

from collections import Counter

from matching.assignment.problem import Opening, Problem


def greedy(problem: Problem) -> dict[str, list[str]]:
    side, people = problem.side, problem.people
    leads: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    placed: set[tuple[str, str]] = set()  # (expert, programme)
    from_org: Counter[tuple[str, str]] = Counter()  # (programme, organisation)
    seats: dict[str, list[str]] = {}

    def free(opening: Opening, expert: str) -> bool:
        person = people[expert]
        programme = opening.programme_id
        return (
            (opening.role_id, expert) not in problem.edits.forbidden
            and (expert, programme) not in placed
            and roles[expert] < person.role_limit
            and (not opening.lead or leads[expert] < person.lead_limit)
            and (not opening.lead or person.years >= side.lead_min_years)
            and (
                side.max_per_organization is None
                or all(
                    from_org[programme, org] < side.max_per_organization
                    for org in person.organizations
                )
            )
        )

    for opening in problem.openings:
        pinned = {e for r, e in problem.edits.pinned if r == opening.role_id}
        ordered = sorted(problem.usable(opening), key=lambda o: (o.expert not in pinned, o.rank))
        chosen = seats[opening.role_id] = []
        for option in ordered:
            if len(chosen) == opening.headcount:
                break
            expert = option.expert
            if expert in chosen or not free(opening, expert):
                continue
            chosen.append(expert)
            roles[expert] += 1
            leads[expert] += opening.lead
            placed.add((expert, opening.programme_id))
            for org in people[expert].organizations:
                from_org[opening.programme_id, org] += 1
    return seats
