"""Proposals, decisions and linked identifiers as the API reads and writes them."""

from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from talent.core import validators
from talent.core.types import Doi, Key, Strict, unique
from talent.sources.models import FoundWork, SourceName

IMPORT_TASK = "talent.import_works"
HARVEST_TASK = "talent.harvest_identifiers"
IMPORT_JOB = "work_import"
# Most DOIs one request may paste: a long publication list, not a bulk load.
MAX_DOIS = 200


class CandidateState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ReasonKind(StrEnum):
    """Why a work is proposed: an identifier the expert linked, a DOI or a file they gave, or
    their name (a variant) in its author list."""

    ORCID = "orcid"
    OPENALEX = "openalex"
    DOI = "doi"
    FILE = "file"
    NAME = "name"


class Reason(BaseModel):
    kind: ReasonKind
    value: str  # the iD, the OpenAlex author, the DOI, the file's name, the author as listed
    # For a name, how it matched (talent.sources.names.NameMatchKind's value, or "orcid" when
    # the source lists the expert's iD beside it).
    detail: str = ""
    affiliation: str = ""  # what the source lists beside the author's name
    via_orcid: str = ""  # an OpenAlex author's ORCID iD, as its record lists it

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.value}"


class ProblemKind(StrEnum):
    """How a source failed an import, for a page to say in words."""

    UNAVAILABLE = "unavailable"  # no useful answer after every retry: try again later
    REFUSED = "refused"  # the source refused the request itself
    NOT_FOUND = "not_found"  # no such record (a DOI that resolves to nothing)
    MALFORMED = "malformed"  # an answer not in the source's format
    DELETED = "deleted"  # an OpenAlex author deleted or merged away
    CUT = "cut"  # more works than an import reads from one identifier


class SourceProblem(BaseModel):
    source: str  # orcid, openalex, crossref
    kind: ProblemKind
    subject: str  # the iD, author id or DOI read
    # How many works were read, for CUT. The source's own words (addresses, its answer) go to
    # the logs only: they may name a mirror's internal host.
    count: int | None = None


class Candidate(BaseModel):
    """A work proposed to an expert."""

    id: str
    expert_id: str
    state: CandidateState
    work: FoundWork
    sources: list[SourceName]
    reasons: list[Reason]
    job_id: str | None = None
    work_id: str | None = Field(default=None, description="the work it became, once accepted")
    created_at: int
    updated_at: int
    decided_at: int | None = None
    version: int = 0


class CandidateCounts(BaseModel):
    proposed: int = 0
    accepted: int = 0
    rejected: int = 0


class Scheme(StrEnum):
    ORCID = "orcid"
    OPENALEX = "openalex"


class Verdict(StrEnum):
    """The expert's word on an identifier: its works are theirs (arrive accepted), not theirs
    (never proposed again), or to be looked at one by one."""

    ME = "me"
    NOT_ME = "not_me"
    UNSURE = "unsure"


class IdentifierLink(Strict):
    scheme: Scheme
    value: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    verdict: Verdict = Verdict.UNSURE
    notify: bool = Field(
        default=False, description="mail the expert when a harvest finds works (their consent)"
    )

    @model_validator(mode="after")
    def _valid_value(self) -> Self:
        if self.scheme is Scheme.ORCID:
            self.value = validators.orcid(self.value)
        else:
            raw = self.value.strip().removeprefix("https://openalex.org/").upper()
            if not (raw.startswith("A") and raw[1:].isdigit() and 4 <= len(raw) - 1 <= 12):
                raise ValueError("an OpenAlex author id looks like A5023888391")
            self.value = raw
        return self


class LinkedIdentifier(BaseModel):
    expert_id: str
    scheme: Scheme
    value: str
    verdict: Verdict
    notify: bool
    authenticated: bool = Field(
        description="proven through the source's sign-in; otherwise declared by the expert"
    )
    harvested_at: int | None = None
    created_at: int
    updated_at: int


class ImportRequest(Strict):
    """What to gather: the linked identifiers' works, and DOIs pasted."""

    identifiers: bool = Field(default=True, description="read the linked ORCID and OpenAlex")
    dois: list[Doi] = Field(default_factory=list, max_length=MAX_DOIS)

    @model_validator(mode="after")
    def _something(self) -> Self:
        unique(self.dois, "dois")
        if not self.identifiers and not self.dois:
            raise ValueError("nothing to import: link an identifier, or give DOIs or a file")
        return self


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


class Decisions(Strict):
    accept: list[Key] = Field(default_factory=list, max_length=500)
    reject: list[Key] = Field(default_factory=list, max_length=500)
    all: Decision | None = Field(default=None, description="decide every proposed work alike")

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        unique([*self.accept, *self.reject], "accept, reject")
        if self.all is not None and (self.accept or self.reject):
            raise ValueError("give either `all` or lists of ids, not both")
        if self.all is None and not (self.accept or self.reject):
            raise ValueError("nothing decided: name works to accept or reject, or `all`")
        return self


class Decided(BaseModel):
    accepted: list[str]  # candidate ids
    rejected: list[str]
    work_ids: list[str]  # the works accepted ones became or joined
    skipped: list[str] = Field(
        default_factory=list, description="already decided, or changed since read"
    )
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="not accepted: another author's work has the DOI, and neither its author "
        "list nor an ORCID iD the expert proved shows the expert wrote it; staff can add them",
    )
