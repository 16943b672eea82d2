"""The access policy of the pages, merged into api/policy.py's: one section per kind of user,
each entry as for the API (a page that is not yours answers 404, as a missing one)."""

from api.policy import SIGNED_IN, STAFF, Caller, Entry, Rule, allow, anyone

LEAD, MINISTRY = Caller.PROGRAMME_LEAD, Caller.MINISTRY

PAGE_POLICY: dict[tuple[str, str], Entry] = {
    # Everyone: the start page, signing in and out, the language.
    ("GET", "/"): anyone(),
    ("GET", "/login"): anyone(),
    ("POST", "/login"): anyone(),
    ("POST", "/logout"): anyone(),
    ("GET", "/lang/{code}"): anyone(),
    # Everyone signed in: their own alerts and how they are told; a mail's signed link.
    ("GET", "/alerts"): allow(*SIGNED_IN),
    ("POST", "/alerts/read"): allow(*SIGNED_IN),
    ("POST", "/alerts/preferences"): allow(*SIGNED_IN),
    ("GET", "/alerts/unsubscribe"): anyone(),
    ("POST", "/alerts/unsubscribe"): anyone(),
    ("POST", "/roles/{role_id}/watch"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/me/role-alerts"): allow(Caller.EXPERT),
    ("POST", "/groups/{group_id}/watch"): allow(MINISTRY),
    ("POST", "/searches/{saved_id}/watch"): allow(*STAFF),
    ("POST", "/searches"): allow(*STAFF),
    ("GET", "/searches"): allow(*STAFF),
    ("GET", "/searches/{saved_id}"): allow(*STAFF),
    ("POST", "/searches/{saved_id}/delete"): allow(*STAFF),
    # Experts (registration, claims, password reset, their profile).
    ("GET", "/register"): anyone(),
    ("POST", "/register"): anyone(),
    ("GET", "/register/resend"): anyone(),
    ("POST", "/register/resend"): anyone(),
    ("GET", "/confirm"): anyone(),
    ("POST", "/confirm"): anyone(),
    ("GET", "/claim"): anyone(),
    ("POST", "/claim"): anyone(),
    ("GET", "/password/forgot"): anyone(),
    ("POST", "/password/forgot"): anyone(),
    ("GET", "/password/reset"): anyone(),
    ("POST", "/password/reset"): anyone(),
    ("GET", "/sent"): anyone(),
    ("GET", "/confirmed"): anyone(),
    ("GET", "/withdrawn"): anyone(),
    ("GET", "/suggest/skills"): anyone(),
    ("GET", "/suggest/organizations"): anyone(),
    ("GET", "/me"): allow(Caller.EXPERT),
    ("GET", "/me/edit"): allow(Caller.EXPERT),
    ("POST", "/me/edit"): allow(Caller.EXPERT),
    ("POST", "/me/confirm"): allow(Caller.EXPERT),
    ("GET", "/me/withdraw"): allow(Caller.EXPERT),
    ("POST", "/me/withdraw"): allow(Caller.EXPERT),
    ("POST", "/me/works"): allow(owners=(Caller.EXPERT,), rule=Rule.OWN_WORK),
    ("POST", "/me/works/{resource_id}"): allow(owners=(Caller.EXPERT,), rule=Rule.OWN_WORK),
    # My imports: identifiers, imports, proposed works, name variants (as the API's
    # /experts/{expert_id}/identifiers, /imports and /import-candidates for the owner).
    **{
        (method, f"/me/imports{path}"): allow(Caller.EXPERT)
        for method, path in (
            ("GET", ""),
            ("POST", ""),
            ("POST", "/file"),
            ("POST", "/identifiers"),
            ("POST", "/identifiers/verdict"),
            ("POST", "/identifiers/remove"),
            ("GET", "/orcid/connect"),
            ("GET", "/orcid/callback"),
            ("GET", "/jobs/{job_id}"),
            ("POST", "/jobs/{job_id}/cancel"),
            ("POST", "/decisions"),
            ("POST", "/variants"),
        )
    },
    # One's own password, whoever is signed in (as the API's /auth/password).
    ("GET", "/account/password"): allow(*SIGNED_IN),
    ("POST", "/account/password"): allow(*SIGNED_IN),
    # A missing skill proposed, from registration or a profile (as the API's proposals).
    ("GET", "/skills/propose"): anyone(),
    ("POST", "/skills/propose"): anyone(),
    # The taxonomy to browse: everyone, as the API's taxonomy reads.
    ("GET", "/taxonomy"): anyone(),
    # Staff (search, expert pages, capability map, pipeline, target): read by ministries and
    # leads as in the API; moves in the pipeline are the ministries'. An expert opening their
    # own profile here is sent to /me.
    ("GET", "/search"): allow(*STAFF),
    ("GET", "/search/skill-options"): allow(*STAFF),
    ("GET", "/search/export"): allow(*STAFF),
    # Search by topic and "experts like this one", as their API operations.
    ("GET", "/search/topic"): allow(*STAFF),
    ("GET", "/experts/{expert_id}/similar"): allow(*STAFF),
    ("GET", "/experts/{expert_id}"): allow(*STAFF, owners=(Caller.EXPERT,), rule=Rule.OWN_PROFILE),
    ("POST", "/experts/{expert_id}/lead-limit"): allow(Caller.MINISTRY),
    # Staff create experts and write their works as in the API: ministries (and admins); an
    # expert's own works are on /me (these pages send them there).
    ("GET", "/experts/new"): allow(Caller.MINISTRY),
    ("POST", "/experts/new"): allow(Caller.MINISTRY),
    ("GET", "/experts/{expert_id}/works/new"): allow(
        Caller.MINISTRY, owners=(Caller.EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("POST", "/experts/{expert_id}/works/new"): allow(
        Caller.MINISTRY, owners=(Caller.EXPERT,), rule=Rule.OWN_PROFILE
    ),
    ("GET", "/works/{resource_id}/edit"): allow(
        Caller.MINISTRY, owners=(Caller.EXPERT,), rule=Rule.OWN_WORK
    ),
    ("POST", "/works/{resource_id}/edit"): allow(
        Caller.MINISTRY, owners=(Caller.EXPERT,), rule=Rule.OWN_WORK
    ),
    ("GET", "/insights/capability"): allow(*STAFF),
    ("GET", "/insights/capability.csv"): allow(*STAFF),
    ("GET", "/insights/capability/export"): allow(*STAFF),
    # Evidence by source: ministries and admins, as GET /api/v1/insights/evidence-sources.
    ("GET", "/insights/evidence-sources"): allow(Caller.MINISTRY),
    ("GET", "/insights/evidence-sources/export"): allow(Caller.MINISTRY),
    ("GET", "/pipeline"): allow(*STAFF),
    ("GET", "/pipeline/export"): allow(*STAFF),
    ("POST", "/pipeline/{expert_id}/move"): allow(Caller.MINISTRY),
    ("POST", "/pipeline/{expert_id}/follow-up"): allow(Caller.MINISTRY),
    ("GET", "/kpi"): allow(*STAFF),
    ("GET", "/kpi/export"): allow(*STAFF),
    ("POST", "/kpi/target"): allow(Caller.MINISTRY),
    # Portfolio assignment: ministries and admins, as /api/v1/assignments.
    ("GET", "/assignments"): allow(Caller.MINISTRY),
    ("POST", "/assignments"): allow(Caller.MINISTRY),
    ("GET", "/assignments/{job_id}"): allow(Caller.MINISTRY),
    ("POST", "/assignments/{job_id}/cancel"): allow(Caller.MINISTRY),
    ("POST", "/assignments/{job_id}/edit"): allow(Caller.MINISTRY),
    ("POST", "/assignments/{job_id}/accept"): allow(Caller.MINISTRY),
    # Bulk import of experts from a list: ministries and admins, as /api/v1/expert-lists.
    **{
        (method, f"/expert-lists{path}"): allow(Caller.MINISTRY)
        for method, path in (
            ("GET", ""),
            ("POST", ""),
            ("GET", "/template"),
            ("GET", "/{list_id}"),
            ("POST", "/{list_id}/dry-run"),
            ("POST", "/{list_id}/dry-runs/{job_id}/cancel"),
            ("GET", "/{list_id}/report"),
            ("POST", "/{list_id}/import"),
            ("GET", "/{list_id}/imports/{job_id}"),
            ("POST", "/{list_id}/imports/{job_id}/cancel"),
        )
    },
    # Programme leads (programmes, roles, matches, runs, jobs); ministries read programmes and
    # roles, and create programmes, as in the API.
    ("GET", "/programmes"): allow(Caller.MINISTRY, owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("POST", "/programmes"): allow(*STAFF),
    ("GET", "/programmes/options/skills"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/programmes/{resource_id}"): allow(
        Caller.MINISTRY, owners=(LEAD,), rule=Rule.OWN_PROGRAMME
    ),
    ("POST", "/programmes/{resource_id}/roles"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("GET", "/roles/{role_id}/edit"): allow(Caller.MINISTRY, owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/edit"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/matches"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/proposals"): allow(
        Caller.MINISTRY, owners=(LEAD,), rule=Rule.OWN_ROLE
    ),
    ("POST", "/roles/{role_id}/decisions"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/restorations"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/reject"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/runs"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/shortlist.csv"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/shortlist.xlsx"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/compare"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/bulk"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/bulk"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/notes"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/exclusions"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/jobs"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/roles/{role_id}/jobs/{job_id}"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/jobs/{job_id}/cancel"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("GET", "/match-runs/{run_id}"): allow(owners=(LEAD,), rule=Rule.OWN_RUN),
    # Changing, closing and deleting a programme, its contractors, deleting a role and a match
    # run with weights of one's choosing: the programme's lead and admins, as in the API.
    ("GET", "/programmes/{resource_id}/team"): allow(
        Caller.MINISTRY, owners=(LEAD,), rule=Rule.OWN_PROGRAMME
    ),
    ("GET", "/programmes/{resource_id}/edit"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("POST", "/programmes/{resource_id}/edit"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("POST", "/programmes/{resource_id}/status"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("POST", "/programmes/{resource_id}/contractors"): allow(
        owners=(LEAD,), rule=Rule.OWN_PROGRAMME
    ),
    ("GET", "/programmes/{resource_id}/delete"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("POST", "/programmes/{resource_id}/delete"): allow(owners=(LEAD,), rule=Rule.OWN_PROGRAMME),
    ("GET", "/roles/{role_id}/delete"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/delete"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    ("POST", "/roles/{role_id}/weighted-match"): allow(owners=(LEAD,), rule=Rule.OWN_ROLE),
    # Admins (accounts, reviews, merges, verification, audit).
    ("GET", "/admin/accounts"): allow(),
    ("POST", "/admin/accounts"): allow(),
    ("POST", "/admin/accounts/{account_id}/deactivate"): allow(),
    ("POST", "/admin/accounts/{account_id}/reactivate"): allow(),
    ("GET", "/admin/reviews"): allow(),
    ("GET", "/admin/reviews/{review_id}"): allow(),
    ("POST", "/admin/reviews/{review_id}/decision"): allow(),
    ("GET", "/admin/merges/{merge_id}"): allow(),
    ("POST", "/admin/merges/{merge_id}/undo"): allow(),
    # Verification is the ministries' too, as in the API.
    ("GET", "/admin/experts/{expert_id}"): allow(Caller.MINISTRY),
    ("POST", "/admin/experts/{expert_id}/verifications"): allow(Caller.MINISTRY),
    ("GET", "/admin/audit"): allow(),
    # Proposed skills, accepted into the taxonomy or rejected (as the API's).
    ("GET", "/admin/skill-proposals"): allow(),
    ("POST", "/admin/skill-proposals/{proposal_id}/accept"): allow(),
    ("POST", "/admin/skill-proposals/{proposal_id}/reject"): allow(),
    ("GET", "/admin/audit/export"): allow(),
    # The freshness-reminder job: admins, as POST /api/v1/jobs/freshness-reminders.
    ("GET", "/admin/reminders"): allow(),
    ("POST", "/admin/reminders"): allow(),
    ("GET", "/admin/organizations"): allow(),
    ("POST", "/admin/organizations/{organization_id}/decision"): allow(),
    # The directory of organisations: as the API's /organizations (ministries create and
    # edit, admins also delete).
    ("GET", "/admin/directory/organizations"): allow(Caller.MINISTRY),
    ("POST", "/admin/directory/organizations"): allow(Caller.MINISTRY),
    ("GET", "/admin/directory/organizations/{organization_id}"): allow(Caller.MINISTRY),
    ("POST", "/admin/directory/organizations/{organization_id}"): allow(Caller.MINISTRY),
    ("GET", "/admin/directory/organizations/{organization_id}/delete"): allow(),
    ("POST", "/admin/directory/organizations/{organization_id}/delete"): allow(),
    # ROR's register: admins load a dump (a job they may cancel), as POST /api/v1/ror/dumps.
    ("GET", "/admin/directory/ror"): allow(),
    ("POST", "/admin/directory/ror"): allow(),
    ("POST", "/admin/directory/ror/jobs/{job_id}/cancel"): allow(),
}
