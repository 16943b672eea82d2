"""Deleting a programme or a role from the pages: a confirmation page listing what goes with
it (roles, match runs, ranked candidates, the leads' decisions), and the delete itself, done
only as confirmed. What it owns goes with it only when the box saying so is ticked, as the API
deletes it only with `cascade=true`; a delete confirmed on a page that no longer lists what it
would take is refused and the page shown again."""

from fastapi import Request, Response

from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.leads.programme_forms import owned_of, owned_text
from graph import GraphStore
from matching import leads
from talent.accounts.models import AccountRead
from talent.core.errors import Conflict

NOT_CONFIRMED = N_("Nothing was deleted: confirm the deletion with the button on this page.")
CHANGED = N_(
    "Nothing was deleted: what it would take with it changed since this page was opened. "
    "Check the list again, then confirm."
)
OWNS = N_("Nothing was deleted: tick the box to delete all that is listed with it.")


def confirmation(
    request: Request,
    store: GraphStore,
    kind: leads.Deletable,
    resource_id: str,
    name: str,
    back: tuple[str, str],
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    """The page asking to confirm a delete, with what it would take with it as counted now;
    `back` is where keeping it leads (a path and its name: the programme)."""
    owned = leads.owned(store, kind, resource_id)
    context = {
        "kind": kind,
        "name": name,
        "action": f"/{kind}s/{resource_id}/delete",
        "back": back[0],
        "back_name": back[1],
        "owned": owned,
        "owned_text": owned_text(owned),
        "error": t(request, error) if error else "",
    }
    return render(request, "leads/delete.html", context, status_code=status_code)


async def delete_or_refuse(
    request: Request,
    store: GraphStore,
    caller: AccountRead,
    kind: leads.Deletable,
    resource_id: str,
    name: str,
    back: tuple[str, str],
) -> Response | None:
    """None once deleted as the form confirms; else the confirmation page again, saying why
    nothing was deleted (422 unconfirmed, 409 where the API would refuse or things changed)."""
    data = await request.form()
    shown = data.get("owned")
    confirmed = owned_of(shown) if isinstance(shown, str) else None
    again = (request, store, kind, resource_id, name, back)
    if confirmed is None or data.get("confirm") != "yes":
        return confirmation(*again, error=NOT_CONFIRMED, status_code=422)
    try:
        leads.delete(
            store,
            caller,
            kind,
            resource_id,
            confirmed=confirmed,
            cascade=data.get("cascade") == "on",
        )
    except leads.OwnedChanged:
        return confirmation(*again, error=CHANGED, status_code=409)
    except Conflict:
        return confirmation(*again, error=OWNS, status_code=409)
    return None
