"""Programmes: created like any resource, and led by the programme lead who creates one."""

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import Leadership
from talent.audit.log import actor_of
from talent.resources import service
from talent.resources.catalog import PROGRAMME
from talent.resources.models import ProgrammeCreate, ProgrammeRead
from talent.resources.repository import ResourceRepository


def create_programme(
    *, store: GraphStore, caller: AccountRead, item: ProgrammeCreate
) -> ProgrammeRead:
    """Create the programme; a programme lead who creates one leads it, with its roles, from
    the same transaction on."""

    def work(tx: GraphStore) -> ProgrammeRead:
        repo = ResourceRepository(tx, PROGRAMME)
        created = service.create(repo=repo, item=item, actor=actor_of(caller))
        if caller.role is Role.PROGRAMME_LEAD:
            Leadership(tx).record(caller.id, created.id)
        return created

    return store.write(work)
