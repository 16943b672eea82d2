"""What each caller may see of a profile: the expert's per-field choice, applied on every read.

The owner and admins see everything. Staff (ministries, programme leads) see fields shown to
staff or the public; contact details also need the expert's consent to be contacted. Anyone
else sees public fields only.
"""

from enum import IntEnum

from talent.experts.models import ExpertRead, Visibility

# Personal data: a view of any of these is audited.
PII_FIELDS = ("emails", "phone", "birth_year")
CONTACT_FIELDS = frozenset({"emails", "phone"})
# What a withheld field reads as.
_EMPTY: dict[str, object] = {
    "emails": [],
    "phone": None,
    "birth_year": None,
    "nationality": None,
    "bio": "",
    "affiliations": [],
}


class Clearance(IntEnum):
    """How far a caller sees, by role; the owner of a profile sees it all."""

    PUBLIC = 0
    STAFF = 1
    FULL = 2


_NEEDS = {Visibility.PUBLIC: Clearance.PUBLIC, Visibility.STAFF: Clearance.STAFF}


def may_see(field: str, choice: str, clearance: Clearance, *, consent_contact: bool) -> bool:
    """Whether a caller of this clearance sees a field the expert shows to `choice`."""
    if clearance is Clearance.FULL:
        return True
    needed = _NEEDS.get(Visibility(choice), Clearance.FULL)
    return clearance >= needed and (field not in CONTACT_FIELDS or consent_contact)


def hidden_fields(expert: ExpertRead, clearance: Clearance) -> list[str]:
    return [
        name
        for name, choice in expert.visibility.model_dump().items()
        if not may_see(name, choice, clearance, consent_contact=expert.consent.contact)
    ]


def shown_to(expert: ExpertRead, clearance: Clearance) -> ExpertRead:
    """The profile with the fields this clearance may not see emptied and named in `hidden`."""
    hidden = hidden_fields(expert, clearance)
    # A staff list's key says which list named the person: staff business, not the expert's
    # choice to show.
    listed = clearance < Clearance.STAFF and expert.external_id is not None
    if not hidden and not listed:
        return expert
    changes: dict[str, object] = {name: _EMPTY[name] for name in hidden}
    if hidden:
        changes["hidden"] = hidden
    if listed:
        changes["external_id"] = None
    return expert.model_copy(update=changes)


def pii_shown(expert: ExpertRead) -> list[str]:
    """The personal fields that carry a value in what is shown."""
    return [name for name in PII_FIELDS if getattr(expert, name) not in (None, [], "")]
