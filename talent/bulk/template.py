"""The list template staff download: bilingual headers and one example row."""

from collections.abc import Callable, Sequence

from talent.bulk.columns import COLUMNS
from talent.bulk.models import DryRun, Outcome, RowProblem
from talent.core.tables import Cell, Table


def template() -> Table:
    return Table(
        title="Experts",
        headers=[column.header for column in COLUMNS],
        rows=[[column.example for column in COLUMNS]],
    )


REPORT_HEADERS = ("row", "name", "outcome", "expert_id", "column", "reason", "detail")


def _english(problem: RowProblem) -> str:
    return problem.detail


def report_table(
    report: DryRun,
    *,
    title: str = "Dry run",
    headers: Sequence[str] = REPORT_HEADERS,
    outcome: Callable[[Outcome], str] = str,
    reason: Callable[[RowProblem], str] = _english,
) -> Table:
    """The dry run's report, a line per problem (one for a row without): in English, or in
    the words `outcome` and `reason` give."""
    rows: list[list[Cell]] = []
    for r in report.rows:
        said = outcome(r.outcome)
        if not r.problems:
            rows.append([r.row, r.name, said, r.expert_id, None, None, None])
        for p in r.problems:
            rows.append([r.row, r.name, said, r.expert_id, p.column, p.code, reason(p)])
    return Table(title=title, headers=list(headers), rows=rows)
