"""The experts' pages: registering, confirming, claiming, a forgotten password, and my
profile with my works."""

from fastapi import APIRouter

from api.web.routes.experts import (
    imports,
    join,
    me,
    own_password,
    password,
    skill_proposal,
    suggest,
    taxonomy,
)

router = APIRouter(include_in_schema=False)
for part in (
    join.router,
    password.router,
    own_password.router,
    skill_proposal.router,
    suggest.router,
    taxonomy.router,
    me.router,
    imports.router,
):
    router.include_router(part)
