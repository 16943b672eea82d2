"""Which proposals an expert's identifiers vouch for. Only an ORCID iD proven through ORCID's
sign-in is proof: a self-declared iD can be anyone's. An OpenAlex author counts through the
proven iD its record lists. A work arrives accepted only when such proof stands behind it and
the expert said "this is me" of the identifier it came from (or of the iD behind it)."""

from collections.abc import Iterable

from talent.imports.models import LinkedIdentifier, Reason, ReasonKind, Scheme, Verdict


class Trust:
    def __init__(self, linked: Iterable[LinkedIdentifier]) -> None:
        links = list(linked)
        self.proven_ids = {
            i.value
            for i in links
            if i.scheme is Scheme.ORCID and i.authenticated and i.verdict is not Verdict.NOT_ME
        }
        self.mine = {f"{i.scheme.value}:{i.value}" for i in links if i.verdict is Verdict.ME}

    def vouches(self, reason: Reason) -> bool:
        """The reason comes from an iD the expert proved (directly, or behind an OpenAlex
        author)."""
        if reason.kind is ReasonKind.ORCID:
            return reason.value in self.proven_ids
        if reason.kind is ReasonKind.OPENALEX:
            return reason.via_orcid in self.proven_ids
        return False

    def proven(self, reasons: Iterable[Reason]) -> bool:
        return any(self.vouches(r) for r in reasons)

    def arrives_accepted(self, reasons: Iterable[Reason]) -> bool:
        return any(
            self.vouches(r) and (r.key in self.mine or f"orcid:{r.via_orcid}" in self.mine)
            for r in reasons
        )
