"""The access policy of the pages, merged into api/policy.py's: one section per kind of user,
each entry as for the API (a page that is not yours answers 404, as a missing one)."""

from api.policy import Entry, anyone

PAGE_POLICY: dict[tuple[str, str], Entry] = {
    # Everyone: the start page, signing in and out, the language.
    ("GET", "/"): anyone(),
    ("GET", "/login"): anyone(),
    ("POST", "/login"): anyone(),
    ("POST", "/logout"): anyone(),
    ("GET", "/lang/{code}"): anyone(),
    # Experts (registration, claims, password reset, their profile).
    # Ministry staff (search, expert pages, capability map, pipeline, target).
    # Programme leads (programmes, roles, matches, runs, jobs).
    # Admins (accounts, reviews, merges, verification, audit).
}
