"""An uploaded expert list, its column mapping, and what a dry run or a run did per row."""

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from talent.bulk.columns import Field as Column

# Rows a dry run's answer lists at most (refused first); the whole report is a download.
MAX_LISTED = 1_000
IMPORT_KIND = "expert_import"
DRY_RUN_KIND = "expert_list_dry_run"


class Outcome(StrEnum):
    CREATED = "created"
    MATCHED = "matched"
    REVIEW = "review"
    REFUSED = "refused"


ORDER = (Outcome.REFUSED, Outcome.REVIEW, Outcome.CREATED, Outcome.MATCHED)


class RowProblem(BaseModel):
    column: str = Field(description="the column's header as the file names it")
    code: str = Field(description="the reason, e.g. invalid_email, unknown_organization")
    detail: str
    earlier_row: int | None = Field(
        default=None, description="for a repeated row: the earlier row it repeats"
    )


class RowReport(BaseModel):
    row: int = Field(description="the row's number as a spreadsheet shows it (the header: 1)")
    name: str
    outcome: Outcome
    expert_id: str | None = Field(
        default=None, description="the profile matched, or the one created (by the run)"
    )
    problems: list[RowProblem] = Field(default_factory=list)
    duplicates: list[str] = Field(
        default_factory=list, description="profiles the row may duplicate, queued for review"
    )
    duplicate_rows: list[int] = Field(
        default_factory=list,
        description="earlier rows of the file the row may duplicate (their pairs are queued too)",
    )
    new_organization: str | None = Field(
        default=None,
        description="the organisation the row names, made from ROR's record when it is written",
    )


class Summary(BaseModel):
    rows: int = 0
    created: int = 0
    matched: int = 0
    review: int = 0
    refused: int = 0

    @classmethod
    def of(cls, reports: list[RowReport]) -> "Summary":
        counts = {o.value: 0 for o in Outcome}
        for report in reports:
            counts[report.outcome.value] += 1
        return cls(rows=len(reports), **counts)


class ExpertList(BaseModel):
    """An uploaded list: its headers, the mapping to fields (None: ignored), its row count."""

    id: str
    filename: str
    encoding: str = Field(description="utf-8, utf-8-sig, utf-16, cp1258 or xlsx")
    rows: int
    headers: list[str]
    mapping: list[Column | None]
    created_at: int
    created_by: str
    dry_run: Summary | None = Field(
        default=None, description="the last dry run's counts, with the mapping as it is now"
    )
    job_id: str | None = Field(default=None, description="the latest run of this list")
    dry_run_job: str | None = Field(
        default=None, description="the latest dry run of this list, as a job to follow"
    )
    version: int = Field(
        default=0,
        description="moves on with every change (mapping, dry run, run); send it back as "
        "`version` to have a change refused (409) if the list changed since it was read",
    )


def _version() -> Any:
    """The version a change names (one field object per model: pydantic keeps them apart)."""
    return Field(
        default=None,
        ge=0,
        description="the list's version as read: the change is refused (409) if it moved on",
    )


class MappingRequest(BaseModel):
    mapping: list[Column | None] = Field(
        max_length=100, description="per header, in order, the field it fills (null: ignored)"
    )
    version: int | None = _version()


class DryRunRequest(BaseModel):
    mapping: list[Column | None] | None = Field(
        default=None,
        max_length=100,
        description="a new mapping to save and judge the rows with (null: the list's own)",
    )
    version: int | None = _version()


class DryRun(BaseModel):
    list_id: str
    summary: Summary
    rows: list[RowReport] = Field(description=f"refused rows first; at most {MAX_LISTED}")
    truncated: bool = Field(description="more rows than listed; the CSV report has them all")


class ImportRequest(BaseModel):
    invite: bool = Field(
        default=False,
        description="mail each created expert with an e-mail the link to claim their profile",
    )
    version: int | None = _version()
