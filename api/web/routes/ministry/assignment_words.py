"""An assignment's rules in words: what a rule asks, why a better-ranked candidate was passed
over, and how a rule would have to change for a conflict to lift, in the viewer's language."""

from collections.abc import Callable
from dataclasses import dataclass

from api.web.i18n import N_
from matching.assignment.models import PassedView, RelaxationView, RuleView
from matching.assignment.problem import RuleKind

Translate = Callable[[str], str]

RULES = {
    RuleKind.FILL: N_("“%(role)s” gets all %(bound)s of its people"),
    RuleKind.LEAD_LIMIT: N_("%(expert)s leads at most %(bound)s programmes"),
    RuleKind.ROLE_LIMIT: N_("%(expert)s holds at most %(bound)s roles"),
    RuleKind.AT_HOME: N_("%(programme)s has at least %(bound)s experts living in Vietnam"),
    RuleKind.PER_ORGANIZATION: N_(
        "%(programme)s has at most %(bound)s experts from %(organization)s"
    ),
    RuleKind.DIASPORA: N_("at least %(bound)s%% of those assigned are overseas Vietnamese"),
    RuleKind.LEAD_YEARS: N_("whoever takes “%(role)s” has %(bound)s years of experience or more"),
    RuleKind.PIN: N_("%(expert)s is kept in “%(role)s”"),
    RuleKind.FORBID: N_("%(expert)s may not take “%(role)s”"),
}
RELAXED = {
    RuleKind.FILL: N_("lower the headcount of “%(role)s” to %(to)s"),
    RuleKind.LEAD_LIMIT: N_("let %(expert)s lead %(to)s programmes"),
    RuleKind.ROLE_LIMIT: N_("let %(expert)s hold %(to)s roles"),
    RuleKind.AT_HOME: N_("ask %(programme)s for %(to)s experts living in Vietnam"),
    RuleKind.PER_ORGANIZATION: N_("allow %(to)s experts from %(organization)s in %(programme)s"),
    RuleKind.DIASPORA: N_("lower the share of overseas Vietnamese to %(to)s%%"),
    RuleKind.LEAD_YEARS: N_("ask %(to)s years of experience for “%(role)s”"),
}
DROPPED = {
    RuleKind.PIN: N_("stop keeping %(expert)s in “%(role)s”"),
    RuleKind.FORBID: N_("allow %(expert)s to take “%(role)s”"),
}
ELSEWHERE = N_("given “%(role)s” instead")
MEANING = N_("they already have a role in this programme")
NO_RULE = N_("the total fit is as high without them")


@dataclass(frozen=True, slots=True)
class Names:
    """What the ids of a result are called: roles by their title, the rest by name."""

    roles: dict[str, str]
    programmes: dict[str, str]
    experts: dict[str, str]
    organizations: dict[str, str]

    def words(self, rule: RuleView, **more: object) -> dict[str, object]:
        return {
            "role": self.roles.get(rule.role_id or "", rule.role_id or ""),
            "programme": self.programmes.get(rule.programme_id or "", rule.programme_id or ""),
            "expert": self.experts.get(rule.expert_id or "", rule.expert_id or ""),
            "organization": self.organizations.get(
                rule.organization_id or "", rule.organization_id or ""
            ),
            "bound": rule.bound,
            **more,
        }


def rule_sentence(rule: RuleView, names: Names, _: Translate) -> str:
    return _(RULES[rule.kind]) % names.words(rule)


def relaxation_sentence(relaxation: RelaxationView, names: Names, _: Translate) -> str:
    rule = relaxation.rule
    if relaxation.to is None:
        return _(DROPPED.get(rule.kind, RULES[rule.kind])) % names.words(rule)
    return _(RELAXED[rule.kind]) % names.words(rule, to=relaxation.to)


def passed_reasons(passed: PassedView, names: Names, _: Translate) -> list[str]:
    """Why a better-ranked candidate is not in the role: where they went, what they'd break."""
    reasons = [_(ELSEWHERE) % {"role": names.roles.get(r, r)} for r in passed.elsewhere]
    if passed.conflicts_with:
        reasons.append(_(MEANING))
    reasons += [rule_sentence(r, names, _) for r in passed.rules]
    return reasons or [_(NO_RULE)]
