"""Enforcing the access policy (api/policy.py): the app refuses to start when its routes and
the policy disagree, and one dependency of every route looks its entry up and applies it."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi import routing as fastapi_routing
from fastapi.routing import APIRoute
from starlette.routing import compile_path

from api.auth import Principal, optional_principal
from api.policy import POLICY, Caller, Entry, Rule, decide
from api.web.policy import PAGE_POLICY
from graph import GraphStore
from matching.repository import MatchRunRepository
from talent.accounts.repository import Leadership
from talent.core.errors import Forbidden, NotFound, Unauthorized
from talent.jobs.repository import JobRepository
from talent.resources.catalog import WORK
from talent.resources.repository import ResourceRepository

Operation = tuple[str, str]
# Per route object and method: each path it is served at (a router included twice has
# several), with the entry of that path.
RouteIndex = dict[tuple[int, str], list[tuple[re.Pattern[str], Entry]]]


class PolicyMismatch(RuntimeError):
    """The routes and the policy name different operations."""


@dataclass(frozen=True, slots=True)
class Grant:
    """The caller, once admitted. `owner_id` is set when they were admitted as an owner: a
    list then shows only what that account (or, for works, that profile) owns."""

    caller: Principal | None
    owner_id: str | None = None


def operations(app: FastAPI) -> list[tuple[APIRoute, Operation]]:
    """Every operation the app serves, with its route, paths as served (prefixes applied)."""
    found: list[tuple[APIRoute, Operation]] = []
    for context in fastapi_routing.iter_route_contexts(app.routes):
        route, path = context.original_route, context.path_format
        if isinstance(route, APIRoute) and path is not None:
            found += [(route, (method, path)) for method in sorted(context.methods or ())]
    return found


def check_routes(app: FastAPI, policy: Mapping[Operation, Entry] | None = None) -> RouteIndex:
    """The policy (the API's and the pages' unless given) indexed by route; PolicyMismatch
    naming each route without an entry, each entry without a route, and each route served
    unchecked."""
    policy = {**POLICY, **PAGE_POLICY} if policy is None else policy
    index: RouteIndex = {}
    served: set[Operation] = set()
    unchecked = [key for key, enforced in _enforcement(app) if not enforced]
    for route, (method, path) in operations(app):
        served.add((method, path))
        if (method, path) in policy:
            pattern = compile_path(path)[0]
            index.setdefault((id(route), method), []).append((pattern, policy[method, path]))
    unlisted = sorted(served - set(policy))
    unrouted = sorted(set(policy) - served)
    if unlisted or unrouted or unchecked:
        raise PolicyMismatch(
            "the access policy and the routes disagree: "
            f"routes without an entry {unlisted}, entries without a route {unrouted}, "
            f"routes included without ENFORCED {unchecked}"
        )
    return index


def _enforcement(app: FastAPI) -> list[tuple[Operation, bool]]:
    """Each operation, and whether `enforce` runs before it (its router was included with
    ENFORCED): a router included without would serve its routes unchecked."""
    found: list[tuple[Operation, bool]] = []
    for context in fastapi_routing.iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.path_format is not None:
            calls = {sub.call for sub in context.dependant.dependencies}
            found += [((m, context.path_format), enforce in calls) for m in context.methods or ()]
    return found


def install(app: FastAPI) -> FastAPI:
    """The app, once its routes and the policy are known to agree; refuses it otherwise."""
    app.state.policy_index = check_routes(app)
    return app


def entry_of(request: Request) -> Entry:
    route = request.scope.get("route")
    index: RouteIndex = request.app.state.policy_index
    for pattern, entry in index.get((id(route), request.method), []):
        if pattern.match(request.scope["path"]):
            return entry
    # Unreachable once install() passed; refuse rather than serve unchecked.
    raise Forbidden("this operation has no access policy")


def enforce(request: Request) -> Grant:
    """Admit the caller as the operation's policy entry says, or refuse: 401 anonymous, 403
    a caller the entry does not name, 404 an owner of something else (as for no such thing)."""
    entry = entry_of(request)
    if entry.public:
        return Grant(None)
    principal = optional_principal(request)
    caller = Caller.ANONYMOUS if principal is None else Caller(principal.role.value)
    verdict = decide(entry, caller)
    if verdict == "allowed":
        return Grant(principal)
    if principal is None:
        raise Unauthorized("log in first: this needs 'Authorization: Bearer <token>'")
    if verdict == "refused":
        raise Forbidden(
            f"your role ({principal.role}) may not do this", fields={"role": principal.role}
        )
    store: GraphStore = request.app.state.store
    owner_id = RULES[entry.rule](store, principal, request.path_params)
    return Grant(principal, owner_id)


GrantDep = Annotated[Grant, Depends(enforce)]
# What every router is included with, so that the policy is checked before each operation.
ENFORCED = (Depends(enforce),)

# (store, caller, path parameters) -> the owner id a list is narrowed to; raises NotFound for
# an id the caller does not own. What a body names (the programme a role goes to) is checked
# by the service on the validated request (talent/resources/roles.py), never here on raw bytes.
OwnerRule = Callable[[GraphStore, Principal, Mapping[str, str]], str]


def _hidden(kind: str, param: str, value: str) -> NotFound:
    """The same answer whether the thing is someone else's or does not exist."""
    return NotFound(f"no {kind} '{value}' among yours", fields={param: value})


def _own_profile(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    mine, wanted = caller.account.expert_id, ids["expert_id"]
    if not mine or wanted != mine:
        raise _hidden("profile", "expert_id", wanted)
    return mine


def _own_work(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    """Which authors and source an expert may write is the works service's rule."""
    mine = caller.account.expert_id
    if not mine:
        raise Forbidden("your account has no profile to author works", fields={"expert_id": ""})
    work_id = ids.get("resource_id")
    if work_id is not None:
        work = ResourceRepository(store, WORK).find(work_id)
        if work is None or mine not in work.author_ids:
            raise _hidden("work", "resource_id", work_id)
    return mine


def _own_programme(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    programme_id = ids.get("resource_id")
    if programme_id is not None and not Leadership(store).leads_programme(caller.id, programme_id):
        raise _hidden("programme", "resource_id", programme_id)
    return caller.id


def _own_role(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    leadership = Leadership(store)
    param = "role_id" if "role_id" in ids else "resource_id"
    role_id = ids.get(param)
    if role_id is not None and not leadership.leads_role(caller.id, role_id):
        raise _hidden("role", param, role_id)
    return caller.id


def _own_run(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    run_id = ids["run_id"]
    try:
        role_id = MatchRunRepository(store).get(run_id).role_id
    except NotFound:
        raise _hidden("match run", "run_id", run_id) from None
    if not Leadership(store).leads_role(caller.id, role_id):
        raise _hidden("match run", "run_id", run_id)
    return caller.id


def _own_job(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    """Only match jobs have an owner: those of a role the caller leads."""
    job_id = ids["job_id"]
    job = JobRepository(store).get(job_id)
    role_id = job.params.get("role_id") if job is not None and job.kind == "match" else None
    if not isinstance(role_id, str) or not Leadership(store).leads_role(caller.id, role_id):
        raise _hidden("job", "job_id", job_id)
    return caller.id


def _no_owner(store: GraphStore, caller: Principal, ids: Mapping[str, str]) -> str:
    raise Forbidden("this operation admits no owners", fields={"role": caller.role})


RULES: dict[Rule, OwnerRule] = {
    Rule.NONE: _no_owner,
    Rule.OWN_PROFILE: _own_profile,
    Rule.OWN_WORK: _own_work,
    Rule.OWN_PROGRAMME: _own_programme,
    Rule.OWN_ROLE: _own_role,
    Rule.OWN_RUN: _own_run,
    Rule.OWN_JOB: _own_job,
}
