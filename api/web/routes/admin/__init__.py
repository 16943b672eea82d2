"""The administrators' pages: accounts, the review queue with its side-by-side comparison,
merges and their undo, organisations proposed at registration, verification of an expert's
claims, and the audit log."""

from api.web.routes.admin import accounts, audit, experts, organizations, reviews, skill_proposals
from api.web.routes.admin.common import router

__all__ = [
    "accounts",
    "audit",
    "experts",
    "organizations",
    "reviews",
    "router",
    "skill_proposals",
]
