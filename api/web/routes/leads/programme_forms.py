"""The forms of a programme's management: its edit form (contractors typed by name, one per
line), the confirmation of a delete, and the criterion weights of one match run. Each keeps what
was typed and names the field it refuses, in the viewer's language."""

from dataclasses import dataclass, field

from starlette.datastructures import FormData

from api.web.i18n import N_
from api.web.routes.leads.forms import ProgrammeForm, Translate, _number, _text, _validated
from matching.profiles import FEATURES, FeatureWeights
from talent.resources.models import ProgrammeRead, ProgrammeStatus, ProgrammeUpdate

# The most contractors a programme may have (as the API's model allows).
MAX_CONTRACTORS = 200


@dataclass
class ProgrammeEditForm(ProgrammeForm):
    """A programme as typed in its edit form."""

    contractors: str = ""

    @classmethod
    def read(cls, form: FormData) -> "ProgrammeEditForm":
        base = ProgrammeForm.read(form)
        return cls(
            base.name,
            base.description,
            base.status,
            base.groups,
            contractors=_text(form, "contractors"),
        )

    @classmethod
    def of(cls, programme: ProgrammeRead, names: dict[str, str]) -> "ProgrammeEditForm":
        """The form for the stored programme, its contractors by name."""
        return cls(
            programme.name,
            programme.description,
            programme.status.value,
            list(programme.tech_group_ids),
            contractors="\n".join(names.get(o, o) for o in programme.contractor_ids),
        )

    def contractor_names(self) -> list[str]:
        return list(dict.fromkeys(x.strip() for x in self.contractors.splitlines() if x.strip()))

    def patch(
        self, tr: Translate, offered: set[str], org_ids: dict[str, str | None]
    ) -> ProgrammeUpdate | None:
        """The change to store; groups among those `offered`, contractors among the approved
        organisations (`org_ids`: each typed name's id, or None)."""
        if not self.name:
            self.errors["name"] = tr(N_("Give the programme a name."))
        if self.status not in set(ProgrammeStatus):
            self.errors["status"] = tr(N_("Choose one of the statuses listed."))
        if any(g not in offered for g in self.groups):
            self.errors["groups"] = tr(N_("Choose among the technology groups listed."))
        names = self.contractor_names()
        unknown = [name for name in names if org_ids.get(name) is None]
        if unknown:
            self.errors["contractors"] = tr(N_("No organisation is named: %(names)s.")) % {
                "names": "; ".join(unknown)
            }
        elif len(names) > MAX_CONTRACTORS:
            self.errors["contractors"] = tr(N_("A programme has at most 200 contractors."))
        if self.errors:
            return None
        data = {
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "tech_group_ids": self.groups,
            "contractor_ids": list(dict.fromkeys(i for n in names if (i := org_ids.get(n)))),
        }
        return _validated(ProgrammeUpdate, data, self.errors, tr)

    def fields(self) -> dict[str, str | list[str]]:
        """The form by field name, as the browser sends it back."""
        return {
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "groups": list(self.groups),
            "contractors": self.contractors,
        }


def owned_of(text: str) -> dict[str, int] | None:
    """What a confirmation page showed a delete would take with it (`roles:2,decisions:1`),
    as the service counts it; None for anything else."""
    found: dict[str, int] = {}
    for part in filter(None, text.split(",")):
        name, _, count = part.partition(":")
        if not (name.replace("_", "").isalpha() and count.isdigit() and len(count) < 10):
            return None
        found[name] = int(count)
    return found


def owned_text(owned: dict[str, int]) -> str:
    return ",".join(f"{name}:{n}" for name, n in owned.items())


@dataclass
class WeightsForm:
    """The criterion weights of one full match, as typed; each field starts at the preset of
    the role's kind."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def preset(cls, weights: FeatureWeights, depth: float) -> "WeightsForm":
        values = {name: f"{getattr(weights, name):g}" for name in FEATURES}
        return cls({**values, "depth": f"{depth:g}"})

    @classmethod
    def read(cls, form: FormData) -> "WeightsForm":
        return cls({name: _text(form, name, 20) for name in (*FEATURES, "depth")})

    def typed(self, tr: Translate) -> dict[str, float] | None:
        """Each weight and the depth as numbers, or None with an error beside each field that
        is not one in range, or on the weights together when all are 0."""
        found: dict[str, float] = {}
        for name in FEATURES:
            value = _number(self.values.get(name, ""), 0, 1)
            if value is None:
                self.errors[name] = tr(N_("A weight is a number from 0 to 1."))
            else:
                found[name] = value
        depth = _number(self.values.get("depth", ""), 0.25, 3)
        if depth is None:
            self.errors["depth"] = tr(N_("The depth is a number from 0.25 to 3."))
        else:
            found["depth"] = depth
        if not self.errors and not any(found[name] > 0 for name in FEATURES):
            self.errors["weights"] = tr(N_("At least one weight must be above 0."))
        return None if self.errors else found
