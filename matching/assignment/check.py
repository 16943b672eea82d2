"""Whether an assignment keeps a portfolio's rules, read off the assignment itself: written apart
from the solver, so that each solution the solver gives can be checked by something else."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from matching.assignment.problem import Problem, Rule, RuleKind

Seats = Mapping[str, Sequence[str]]  # role id: the experts given it


def malformed(problem: Problem, seats: Seats) -> list[str]:
    """What no assignment may do whatever its rules: too many for a role, someone who is not
    among its candidates, someone twice in one role or in two roles of one programme."""
    found: list[str] = []
    held: Counter[tuple[str, str]] = Counter()
    for opening in problem.openings:
        given = list(seats.get(opening.role_id, ()))
        options = {o.expert for o in problem.usable(opening)}
        if len(given) > opening.headcount:
            found.append(f"over headcount: {opening.role_id}")
        if len(set(given)) < len(given):
            found.append(f"twice in one role: {opening.role_id}")
        found += [f"not a candidate: {opening.role_id}:{e}" for e in given if e not in options]
        held.update((e, opening.programme_id) for e in set(given))
    found += [f"two roles in one programme: {p}:{e}" for (e, p), n in held.items() if n > 1]
    unknown = set(seats) - {o.role_id for o in problem.openings}
    found += [f"not an open role: {r}" for r in sorted(unknown)]
    return found


def broken(problem: Problem, seats: Seats, rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The rules (all of the portfolio's when none are named) that `seats` breaks."""
    return [
        r for r in (problem.rules() if rules is None else rules) if not _keeps(problem, seats, r)
    ]


def _keeps(problem: Problem, seats: Seats, rule: Rule) -> bool:
    people = problem.people
    kind = rule.kind
    if kind is RuleKind.FILL:
        return len(seats.get(rule.role_id, ())) >= rule.bound
    if kind is RuleKind.PIN:
        return rule.expert in seats.get(rule.role_id, ())
    if kind is RuleKind.FORBID:
        return rule.expert not in seats.get(rule.role_id, ())
    if kind is RuleKind.LEAD_YEARS:
        return all(people[e].years >= rule.bound for e in seats.get(rule.role_id, ()))
    pairs = [
        (opening, expert)
        for opening in problem.openings
        for expert in seats.get(opening.role_id, ())
    ]
    if kind is RuleKind.LEAD_LIMIT:
        return sum(1 for o, e in pairs if o.lead and e == rule.expert) <= rule.bound
    if kind is RuleKind.ROLE_LIMIT:
        return sum(1 for _, e in pairs if e == rule.expert) <= rule.bound
    if kind is RuleKind.DIASPORA:
        from_abroad = sum(1 for _, e in pairs if people[e].diaspora)
        return 100 * from_abroad >= rule.bound * len(pairs)
    in_programme = [e for o, e in pairs if o.programme_id == rule.programme_id]
    if kind is RuleKind.AT_HOME:
        return sum(1 for e in in_programme if people[e].at_home) >= rule.bound
    if kind is RuleKind.PER_ORGANIZATION:
        members = [e for e in in_programme if rule.organization in people[e].organizations]
        return len(members) <= rule.bound
    raise AssertionError(kind)
