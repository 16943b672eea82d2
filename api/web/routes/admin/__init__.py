"""The administrators' pages: accounts, the review queue with its side-by-side comparison,
merges and their undo, organisations proposed at registration, verification of an expert's
claims, the audit log, and the freshness-reminder job."""

from api.web.routes.admin import (
    accounts,
    audit,
    experts,
    organizations,
    reminders,
    reviews,
    ror,
    skill_proposals,
)
from api.web.routes.admin.common import router

__all__ = [
    "accounts",
    "audit",
    "experts",
    "organizations",
    "reminders",
    "reviews",
    "ror",
    "router",
    "skill_proposals",
]
