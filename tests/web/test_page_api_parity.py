"""Page access equals API access: each page route names the API operation(s) it performs or
reads, and admits exactly the callers that operation admits (same callers, same owners, same
rule). A page with no mapping fails, so a new page must say which operation it serves; a page
with no API counterpart is listed with the reason."""

from dataclasses import dataclass

import pytest

from api.policy import POLICY, V1, Caller, Entry, Rule
from api.web.policy import PAGE_POLICY


@dataclass(frozen=True, slots=True)
class Api:
    """The operation a page serves. `own`: the page is the owner's view of it, the id taken
    from the signed-in caller (the `/me` pages), so it admits the operation's owners only.
    `via`: the rule the page applies to an id in its path that the API reads from the body
    (a new role: the programme in the page's path, the API's body)."""

    method: str
    path: str
    own: bool = False
    via: Rule | None = None


@dataclass(frozen=True, slots=True)
class Without:
    """A page with no API counterpart, and why."""

    reason: str


def api(method: str, path: str, **kwargs: object) -> Api:
    return Api(method, f"{V1}{path}", **kwargs)  # type: ignore[arg-type]


REGISTER = api("POST", "/registrations")

COUNTERPARTS: dict[tuple[str, str], tuple[Api, ...] | Without] = {
    ("GET", "/"): Without(
        "the start page: links, and for a signed-in user counts of what waits for them, each from a service whose API operation their role may call (tests/web/test_home_pages.py)"
    ),
    ("GET", "/login"): (api("POST", "/auth/login"),),
    ("POST", "/login"): (api("POST", "/auth/login"),),
    ("POST", "/logout"): Without(
        "ends the browser's cookie session (the API's logout revokes a bearer token); a stale "
        "tab's post after the session ended must still land on the start page"
    ),
    ("GET", "/lang/{code}"): Without("sets the language cookie of the browser"),
    ("GET", "/register"): (REGISTER,),
    ("POST", "/register"): (REGISTER,),
    ("GET", "/register/resend"): (api("POST", "/registrations/resend"),),
    ("POST", "/register/resend"): (api("POST", "/registrations/resend"),),
    ("GET", "/confirm"): (api("POST", "/registrations/confirm"),),
    ("POST", "/confirm"): (api("POST", "/registrations/confirm"),),
    ("GET", "/claim"): (api("POST", "/registrations/claims"),),
    ("POST", "/claim"): (api("POST", "/registrations/claims"),),
    ("GET", "/password/forgot"): (api("POST", "/password/forgot"),),
    ("POST", "/password/forgot"): (api("POST", "/password/forgot"),),
    ("GET", "/password/reset"): (api("POST", "/password/reset"),),
    ("POST", "/password/reset"): (api("POST", "/password/reset"),),
    ("GET", "/sent"): Without("the notice after a registration form: static text"),
    ("GET", "/confirmed"): Without("the notice after a confirmation: static text"),
    ("GET", "/withdrawn"): Without("the notice after a withdrawal: static text"),
    ("GET", "/suggest/skills"): (api("GET", "/skills/resolve"),),
    ("GET", "/suggest/organizations"): Without(
        "the anonymous registration form's type-ahead of approved organisation names (the "
        "API's registration takes the names as typed); not the organisations resource"
    ),
    ("GET", "/me"): (api("GET", "/experts/{expert_id}", own=True),),
    ("GET", "/me/edit"): (api("PATCH", "/experts/{expert_id}", own=True),),
    ("POST", "/me/edit"): (api("PATCH", "/experts/{expert_id}", own=True),),
    ("POST", "/me/confirm"): (api("POST", "/experts/{expert_id}/confirm", own=True),),
    ("GET", "/me/withdraw"): (api("POST", "/experts/{expert_id}/withdraw", own=True),),
    ("POST", "/me/withdraw"): (api("POST", "/experts/{expert_id}/withdraw", own=True),),
    ("POST", "/me/works"): (api("POST", "/works", own=True),),
    ("POST", "/me/works/{resource_id}"): (api("PATCH", "/works/{resource_id}", own=True),),
    ("GET", "/me/imports"): (
        api("GET", "/experts/{expert_id}/identifiers", own=True),
        api("GET", "/experts/{expert_id}/import-candidates", own=True),
    ),
    ("POST", "/me/imports"): (api("POST", "/experts/{expert_id}/imports", own=True),),
    ("POST", "/me/imports/file"): (api("POST", "/experts/{expert_id}/imports/file", own=True),),
    ("POST", "/me/imports/identifiers"): (
        api("PUT", "/experts/{expert_id}/identifiers", own=True),
    ),
    ("POST", "/me/imports/identifiers/verdict"): (
        api("PUT", "/experts/{expert_id}/identifiers", own=True),
    ),
    ("POST", "/me/imports/identifiers/remove"): (
        api("DELETE", "/experts/{expert_id}/identifiers/{scheme}/{value}", own=True),
    ),
    ("GET", "/me/imports/orcid/connect"): (
        api("PUT", "/experts/{expert_id}/identifiers", own=True),
    ),
    ("GET", "/me/imports/orcid/callback"): (
        api("PUT", "/experts/{expert_id}/identifiers", own=True),
    ),
    ("GET", "/me/imports/jobs/{job_id}"): (
        api("GET", "/experts/{expert_id}/imports/{import_id}", own=True),
    ),
    ("POST", "/me/imports/jobs/{job_id}/cancel"): (
        api("POST", "/experts/{expert_id}/imports/{import_id}/cancel", own=True),
    ),
    ("POST", "/me/imports/decisions"): (
        api("POST", "/experts/{expert_id}/import-candidates/decisions", own=True),
    ),
    ("POST", "/me/imports/variants"): (api("PATCH", "/experts/{expert_id}", own=True),),
    ("GET", "/account/password"): (api("POST", "/auth/password"),),
    ("POST", "/account/password"): (api("POST", "/auth/password"),),
    ("GET", "/skills/propose"): (api("POST", "/taxonomy/proposals"),),
    ("POST", "/skills/propose"): (api("POST", "/taxonomy/proposals"),),
    ("GET", "/taxonomy"): (api("GET", "/taxonomy/groups"), api("GET", "/taxonomy/skills")),
    ("GET", "/admin/skill-proposals"): (api("GET", "/taxonomy/proposals"),),
    ("POST", "/admin/skill-proposals/{proposal_id}/accept"): (
        api("POST", "/taxonomy/proposals/{proposal_id}/accept"),
    ),
    ("POST", "/admin/skill-proposals/{proposal_id}/reject"): (
        api("POST", "/taxonomy/proposals/{proposal_id}/reject"),
    ),
    ("GET", "/search"): (api("GET", "/experts/search"),),
    ("GET", "/search/skill-options"): (api("GET", "/experts/search"),),
    ("GET", "/search/export"): (api("GET", "/experts/search"),),
    ("GET", "/search/topic"): (api("GET", "/experts/topic"),),
    ("GET", "/experts/{expert_id}/similar"): (api("GET", "/experts/{expert_id}/similar"),),
    ("GET", "/experts/new"): (api("POST", "/experts"),),
    ("POST", "/experts/new"): (api("POST", "/experts"),),
    # The expert named in the path is the work's author, which the API reads from the body.
    ("GET", "/experts/{expert_id}/works/new"): (api("POST", "/works", via=Rule.OWN_PROFILE),),
    ("POST", "/experts/{expert_id}/works/new"): (api("POST", "/works", via=Rule.OWN_PROFILE),),
    ("GET", "/works/{resource_id}/edit"): (api("PATCH", "/works/{resource_id}"),),
    ("POST", "/works/{resource_id}/edit"): (api("PATCH", "/works/{resource_id}"),),
    ("GET", "/experts/{expert_id}"): (api("GET", "/experts/{expert_id}"),),
    ("GET", "/insights/capability"): (api("GET", "/insights/capability-map"),),
    ("GET", "/insights/capability.csv"): (api("GET", "/insights/capability-map.csv"),),
    ("GET", "/insights/capability/export"): (api("GET", "/insights/capability-map"),),
    ("GET", "/pipeline"): (api("GET", "/pipeline"),),
    ("GET", "/pipeline/export"): (api("GET", "/pipeline"),),
    ("POST", "/pipeline/{expert_id}/move"): (api("POST", "/pipeline/{expert_id}/transitions"),),
    ("POST", "/pipeline/{expert_id}/follow-up"): (api("PATCH", "/pipeline/{expert_id}"),),
    ("GET", "/kpi"): (api("GET", "/pipeline/kpi"), api("GET", "/pipeline/kpi/target")),
    ("GET", "/kpi/export"): (api("GET", "/pipeline/kpi"),),
    ("POST", "/kpi/target"): (api("PUT", "/pipeline/kpi/target"),),
    ("GET", "/programmes/{resource_id}/team"): (
        api("POST", "/programmes/{resource_id}/team-proposals"),
    ),
    # Portfolio assignment, as /api/v1/assignments.
    ("GET", "/assignments"): (api("POST", "/assignments"),),
    ("POST", "/assignments"): (api("POST", "/assignments"),),
    ("GET", "/assignments/{job_id}"): (api("GET", "/assignments/{job_id}"),),
    ("POST", "/assignments/{job_id}/cancel"): (api("POST", "/assignments/{job_id}/cancel"),),
    ("POST", "/assignments/{job_id}/edit"): (
        api("GET", "/assignments/{job_id}"),
        api("POST", "/assignments"),
    ),
    ("POST", "/assignments/{job_id}/accept"): (api("POST", "/assignments/{job_id}/accept"),),
    ("GET", "/roles/{role_id}/proposals"): (api("GET", "/roles/{role_id}/proposals"),),
    # Saved searches, as /api/v1/saved-searches.
    ("POST", "/searches"): (api("POST", "/saved-searches"),),
    ("GET", "/searches"): (api("GET", "/saved-searches"),),
    ("GET", "/searches/{saved_id}"): (api("GET", "/saved-searches/{saved_id}/results"),),
    ("POST", "/searches/{saved_id}/delete"): (api("DELETE", "/saved-searches/{saved_id}"),),
    # Alerts, as /api/v1/alerts, watches and alert preferences.
    ("GET", "/alerts"): (api("GET", "/alerts"), api("GET", "/alert-preferences")),
    ("POST", "/alerts/read"): (api("POST", "/alerts/read"),),
    ("POST", "/alerts/preferences"): (api("PUT", "/alert-preferences"),),
    ("GET", "/alerts/unsubscribe"): (api("POST", "/alerts/unsubscribe"),),
    ("POST", "/alerts/unsubscribe"): (api("POST", "/alerts/unsubscribe"),),
    ("POST", "/roles/{role_id}/watch"): (
        api("PUT", "/roles/{role_id}/watch"),
        api("DELETE", "/roles/{role_id}/watch"),
    ),
    ("POST", "/groups/{group_id}/watch"): (
        api("PUT", "/groups/{group_id}/watch"),
        api("DELETE", "/groups/{group_id}/watch"),
    ),
    ("POST", "/searches/{saved_id}/watch"): (
        api("PUT", "/saved-searches/{saved_id}/watch"),
        api("DELETE", "/saved-searches/{saved_id}/watch"),
    ),
    ("POST", "/me/role-alerts"): (
        api("PUT", "/experts/{expert_id}/role-alerts", own=True),
        api("DELETE", "/experts/{expert_id}/role-alerts", own=True),
    ),
    ("POST", "/experts/{expert_id}/lead-limit"): (api("PUT", "/experts/{expert_id}/lead-limit"),),
    # Bulk import of experts from a list, as /api/v1/expert-lists.
    ("GET", "/expert-lists"): (api("POST", "/expert-lists"), api("GET", "/expert-lists/template")),
    ("POST", "/expert-lists"): (api("POST", "/expert-lists"),),
    ("GET", "/expert-lists/template"): (api("GET", "/expert-lists/template"),),
    ("GET", "/expert-lists/{list_id}"): (
        api("GET", "/expert-lists/{list_id}"),
        api("GET", "/expert-lists/{list_id}/dry-run"),
        api("GET", "/expert-lists/{list_id}/dry-runs/{job_id}"),
    ),
    ("POST", "/expert-lists/{list_id}/dry-run"): (
        api("PUT", "/expert-lists/{list_id}/mapping"),
        api("POST", "/expert-lists/{list_id}/dry-run"),
    ),
    ("POST", "/expert-lists/{list_id}/dry-runs/{job_id}/cancel"): (
        api("POST", "/expert-lists/{list_id}/dry-runs/{job_id}/cancel"),
    ),
    ("GET", "/expert-lists/{list_id}/report"): (api("GET", "/expert-lists/{list_id}/dry-run"),),
    ("POST", "/expert-lists/{list_id}/import"): (api("POST", "/expert-lists/{list_id}/imports"),),
    ("GET", "/expert-lists/{list_id}/imports/{job_id}"): (
        api("GET", "/expert-lists/{list_id}/imports/{job_id}"),
    ),
    ("POST", "/expert-lists/{list_id}/imports/{job_id}/cancel"): (
        api("POST", "/expert-lists/{list_id}/imports/{job_id}/cancel"),
    ),
    ("GET", "/programmes"): (api("GET", "/programmes"),),
    ("POST", "/programmes"): (api("POST", "/programmes"),),
    ("GET", "/programmes/options/skills"): (api("POST", "/roles"),),
    ("GET", "/programmes/{resource_id}"): (api("GET", "/programmes/{resource_id}"),),
    ("POST", "/programmes/{resource_id}/roles"): (api("POST", "/roles", via=Rule.OWN_PROGRAMME),),
    ("GET", "/roles/{role_id}/edit"): (api("GET", "/roles/{resource_id}"),),
    ("POST", "/roles/{role_id}/edit"): (api("PATCH", "/roles/{resource_id}"),),
    ("GET", "/roles/{role_id}/matches"): (
        api("POST", "/roles/{role_id}/matches"),
        api("GET", "/roles/{role_id}/match-runs"),
    ),
    ("POST", "/roles/{role_id}/decisions"): (
        api("POST", "/roles/{role_id}/shortlist"),
        api("POST", "/roles/{role_id}/rejections"),
    ),
    ("POST", "/roles/{role_id}/restorations"): (
        api("DELETE", "/roles/{role_id}/decisions/{expert_id}"),
    ),
    ("GET", "/roles/{role_id}/reject"): (api("POST", "/roles/{role_id}/rejections"),),
    ("GET", "/roles/{role_id}/runs"): (api("GET", "/roles/{role_id}/match-runs"),),
    ("GET", "/roles/{role_id}/shortlist.csv"): (api("GET", "/roles/{role_id}/decisions"),),
    ("GET", "/roles/{role_id}/shortlist.xlsx"): (api("GET", "/roles/{role_id}/decisions"),),
    ("GET", "/roles/{role_id}/compare"): (api("POST", "/roles/{role_id}/matches"),),
    ("GET", "/roles/{role_id}/bulk"): (
        api("POST", "/roles/{role_id}/shortlist"),
        api("POST", "/roles/{role_id}/rejections"),
    ),
    ("POST", "/roles/{role_id}/bulk"): (
        api("POST", "/roles/{role_id}/shortlist"),
        api("POST", "/roles/{role_id}/rejections"),
    ),
    ("POST", "/roles/{role_id}/notes"): (api("PUT", "/roles/{role_id}/notes/{expert_id}"),),
    ("GET", "/roles/{role_id}/exclusions"): (api("GET", "/roles/{role_id}/exclusions"),),
    ("POST", "/roles/{role_id}/jobs"): (api("POST", "/roles/{role_id}/match-jobs"),),
    ("GET", "/roles/{role_id}/jobs/{job_id}"): (
        api("GET", "/roles/{role_id}/match-jobs/{job_id}"),
    ),
    ("POST", "/roles/{role_id}/jobs/{job_id}/cancel"): (
        api("POST", "/roles/{role_id}/match-jobs/{job_id}/cancel"),
    ),
    ("GET", "/match-runs/{run_id}"): (
        api("GET", "/match-runs/{run_id}"),
        api("GET", "/match-runs/{run_id}/candidates"),
    ),
    ("GET", "/programmes/{resource_id}/edit"): (api("PATCH", "/programmes/{resource_id}"),),
    ("POST", "/programmes/{resource_id}/edit"): (api("PATCH", "/programmes/{resource_id}"),),
    ("POST", "/programmes/{resource_id}/status"): (api("PATCH", "/programmes/{resource_id}"),),
    ("POST", "/programmes/{resource_id}/contractors"): (api("PATCH", "/programmes/{resource_id}"),),
    ("GET", "/programmes/{resource_id}/delete"): (api("DELETE", "/programmes/{resource_id}"),),
    ("POST", "/programmes/{resource_id}/delete"): (api("DELETE", "/programmes/{resource_id}"),),
    ("GET", "/roles/{role_id}/delete"): (api("DELETE", "/roles/{resource_id}"),),
    ("POST", "/roles/{role_id}/delete"): (api("DELETE", "/roles/{resource_id}"),),
    ("POST", "/roles/{role_id}/weighted-match"): (api("POST", "/roles/{role_id}/match-jobs"),),
    ("GET", "/admin/accounts"): (api("GET", "/accounts"),),
    ("POST", "/admin/accounts"): (api("POST", "/accounts"),),
    ("POST", "/admin/accounts/{account_id}/deactivate"): (
        api("POST", "/accounts/{account_id}/deactivate"),
    ),
    ("POST", "/admin/accounts/{account_id}/reactivate"): (
        api("POST", "/accounts/{account_id}/reactivate"),
    ),
    ("GET", "/admin/reviews"): (api("GET", "/reviews"),),
    ("GET", "/admin/reviews/{review_id}"): (api("GET", "/reviews"),),
    ("POST", "/admin/reviews/{review_id}/decision"): (
        api("POST", "/reviews/{review_id}/decision"),
    ),
    ("GET", "/admin/merges/{merge_id}"): (api("GET", "/merges/{merge_id}"),),
    ("POST", "/admin/merges/{merge_id}/undo"): (api("POST", "/merges/{merge_id}/undo"),),
    ("GET", "/admin/experts/{expert_id}"): (api("POST", "/experts/{expert_id}/verifications"),),
    ("POST", "/admin/experts/{expert_id}/verifications"): (
        api("POST", "/experts/{expert_id}/verifications"),
    ),
    ("GET", "/admin/audit"): (api("GET", "/audit-events"),),
    ("GET", "/admin/audit/export"): (api("GET", "/audit-events"),),
    ("GET", "/admin/reminders"): (api("POST", "/jobs/freshness-reminders"),),
    ("POST", "/admin/reminders"): (api("POST", "/jobs/freshness-reminders"),),
    ("GET", "/admin/organizations"): (api("GET", "/reviews/organizations"),),
    ("POST", "/admin/organizations/{organization_id}/decision"): (
        api("POST", "/reviews/organizations/{organization_id}/decision"),
    ),
    ("GET", "/admin/directory/organizations"): (api("POST", "/organizations"),),
    ("POST", "/admin/directory/organizations"): (api("POST", "/organizations"),),
    ("GET", "/admin/directory/organizations/{organization_id}"): (
        api("PATCH", "/organizations/{resource_id}"),
    ),
    ("POST", "/admin/directory/organizations/{organization_id}"): (
        api("PATCH", "/organizations/{resource_id}"),
    ),
    ("GET", "/admin/directory/organizations/{organization_id}/delete"): (
        api("DELETE", "/organizations/{resource_id}"),
    ),
    ("POST", "/admin/directory/organizations/{organization_id}/delete"): (
        api("DELETE", "/organizations/{resource_id}"),
    ),
    ("GET", "/admin/directory/ror"): (api("POST", "/ror/dumps"),),
    ("POST", "/admin/directory/ror"): (api("POST", "/ror/dumps"),),
    ("POST", "/admin/directory/ror/jobs/{job_id}/cancel"): (api("POST", "/ror/dumps"),),
    ("GET", "/insights/evidence-sources"): (api("GET", "/insights/evidence-sources"),),
    ("GET", "/insights/evidence-sources/export"): (api("GET", "/insights/evidence-sources"),),
}

MAPPED = sorted(key for key, target in COUNTERPARTS.items() if isinstance(target, tuple))


def verdicts(entry: Entry) -> dict[Caller, str]:
    """Per caller kind: `allowed`, `owner: <rule>` or `refused`."""
    return {
        caller: "allowed"
        if caller in entry.callers
        else f"owner: {entry.rule}"
        if caller in entry.owners
        else "refused"
        for caller in Caller
    }


def expected(target: Api) -> dict[Caller, str]:
    """What the page must answer each caller, from the API operation's entry."""
    entry = POLICY[target.method, target.path]
    if target.own:
        # The owner's own view: the id is theirs by construction, so the rule holds already
        # unless the page itself names one (a work's id), when it must be the API's rule.
        found = dict.fromkeys(Caller, "refused")
        found[Caller.ADMIN] = "allowed"
        for caller in entry.owners:
            found[caller] = "allowed"
        return found
    rule = target.via or entry.rule
    return verdicts(Entry(entry.callers, entry.owners, rule))


def page_verdicts(key: tuple[str, str], target: Api) -> dict[Caller, str]:
    entry = PAGE_POLICY[key]
    if target.own and entry.owners:
        # A page naming the owned item's id applies the API's rule to it.
        assert entry.rule == POLICY[target.method, target.path].rule, key
        return {c: "allowed" if c in entry.owners else v for c, v in verdicts(entry).items()}
    return verdicts(entry)


def test_every_page_route_names_its_api_operation_or_why_it_has_none() -> None:
    unmapped = sorted(set(PAGE_POLICY) - set(COUNTERPARTS))
    stale = sorted(set(COUNTERPARTS) - set(PAGE_POLICY))
    assert unmapped == [], f"pages without a counterpart in COUNTERPARTS: {unmapped}"
    assert stale == [], f"COUNTERPARTS names pages that are not served: {stale}"
    for target in COUNTERPARTS.values():
        if isinstance(target, Without):
            assert target.reason.strip()
            continue
        missing = [(a.method, a.path) for a in target if (a.method, a.path) not in POLICY]
        assert missing == [], f"no such API operation: {missing}"


@pytest.mark.parametrize("key", MAPPED, ids=[f"{m} {p}" for m, p in MAPPED])
def test_a_page_admits_exactly_the_callers_its_api_operation_admits(
    key: tuple[str, str],
) -> None:
    targets = COUNTERPARTS[key]
    assert isinstance(targets, tuple)
    for target in targets:
        page, wanted = page_verdicts(key, target), expected(target)
        differences = {
            str(caller): f"page {page[caller]}, API {wanted[caller]}"
            for caller in Caller
            if page[caller] != wanted[caller]
        }
        assert differences == {}, f"{key} vs {target.method} {target.path}: {differences}"
