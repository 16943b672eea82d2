"""Skills proposed by experts and visitors, each accepted into the taxonomy (named in English
and Vietnamese, under a technology group and, if it narrows one, a broader skill) or rejected
with a reason, by an admin: talent.taxonomy.proposals, as the API."""

from typing import Annotated

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep
from api.web import i18n
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import ident, router
from talent.core.errors import InvalidInput, TalentError
from talent.registration import lookup
from talent.taxonomy.proposals import service
from talent.taxonomy.proposals.models import Acceptance, ProposalStatus, Rejection
from talent.taxonomy.repository import TaxonomyRepository

PAGE = "admin/skill_proposals.html"
SHOWN = 100
DONE = {
    "accepted": N_("The skill is added to the taxonomy: every profile form offers it now."),
    "rejected": N_("The proposal is rejected; its reason is kept."),
}
# The fields' and the service's refusals, in words (translated when shown).
MESSAGES = {
    "label_en": N_("Give the skill's English name (2 to 120 characters)."),
    "label_vi": N_("Give the skill's Vietnamese name (2 to 120 characters)."),
    "group": N_("Choose a technology group."),
    "broader": N_("No skill has this name: pick one from the list, or leave it empty."),
    "reason": N_("Say why, in a few words (3 characters or more)."),
    "version": N_("This value is not valid."),
    service.NAMED: N_("A skill with this name exists already."),
    service.NO_GROUP: N_("Choose a technology group."),
    service.NO_BROADER: N_("No skill has this name: pick one from the list, or leave it empty."),
}
CHANGED = N_("The proposal was decided or changed meanwhile: look at it again.")
Text = Annotated[str, Form(max_length=1000)]


def _page(
    request: Request,
    store: GraphDep,
    *,
    notice: str = "",
    problem: str = "",
    failed: str = "",
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    locale = i18n.negotiate(request)
    groups = TaxonomyRepository(store).groups(None)
    current = sorted((g for g in groups if g.current), key=lambda g: (g.no, g.id))
    context = {
        "proposals": service.page(
            store=store, status=ProposalStatus.OPEN, after="", limit=SHOWN
        ).items,
        "groups": [
            (g.id, f"{g.no}. {g.name_vi if locale == 'vi' else g.name_en}") for g in current
        ],
        "notice": notice,
        "problem": problem,
        "failed": failed,
        "errors": errors or {},
        "typed": typed or {},
    }
    return render(request, PAGE, context, status_code=status_code)


@router.get("/skill-proposals", response_class=HTMLResponse)
def proposals_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """The proposals waiting, oldest first, each with its two decisions."""
    notice = t(request, DONE[done]) if done in DONE else ""
    return _page(request, store, notice=notice)


def _refused(
    request: Request, store: GraphDep, proposal_id: str, exc: Exception, typed: dict[str, str]
) -> Response:
    """The page again with the decision's errors beside its fields (or why it was refused)."""
    errors: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            errors.setdefault(name, t(request, MESSAGES.get(name, MESSAGES["version"])))
        status = 422
    elif isinstance(exc, TalentError):
        if exc.status_code == 404:
            raise exc
        for name, reason in exc.fields.items():
            errors[name] = t(request, MESSAGES.get(str(reason), MESSAGES["version"]))
        status = exc.status_code
        if exc.status_code == 409 and "version" in exc.fields:
            return _page(request, store, problem=t(request, CHANGED), status_code=409)
    return _page(
        request,
        store,
        failed=proposal_id,
        errors=errors,
        typed=typed,
        status_code=status,
    )


@router.post("/skill-proposals/{proposal_id}/accept", response_class=HTMLResponse)
def accept(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    proposal_id: str,
    label_en: Text = "",
    label_vi: Text = "",
    group: Text = "",
    broader: Text = "",
    version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The proposal becomes a skill; the broader skill is named, as experts name skills."""
    found = ident(proposal_id, "proposal")
    typed = {"label_en": label_en, "label_vi": label_vi, "group": group, "broader": broader}
    named = lookup.skill_named(lookup.skill_labels(store), broader) if broader.strip() else None
    try:
        if broader.strip() and named is None:
            raise InvalidInput(service.NO_BROADER, fields={"broader": service.NO_BROADER})
        body = {
            "label_en": label_en,
            "label_vi": label_vi,
            "group": group,
            "broader": named.skill_id if named else "",
            "version": version if version.isdigit() else 0,
        }
        item = Acceptance.model_validate(body)
        service.accept(store=store, proposal_id=found, item=item, actor=admin.actor)
    except (ValidationError, TalentError) as exc:
        return _refused(request, store, found, exc, typed)
    return RedirectResponse("/admin/skill-proposals?done=accepted", status_code=303)


@router.post("/skill-proposals/{proposal_id}/reject", response_class=HTMLResponse)
def reject(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    proposal_id: str,
    reason: Text = "",
    version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The proposal closed with the reason given."""
    found = ident(proposal_id, "proposal")
    try:
        body = {"reason": reason, "version": version if version.isdigit() else 0}
        item = Rejection.model_validate(body)
        service.reject(store=store, proposal_id=found, item=item, actor=admin.actor)
    except (ValidationError, TalentError) as exc:
        return _refused(request, store, found, exc, {"reason": reason})
    return RedirectResponse("/admin/skill-proposals?done=rejected", status_code=303)
