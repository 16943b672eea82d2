"""A table as a download in the format the reader asked for (`csv` or `xlsx`)."""

from datetime import UTC, datetime
from typing import Literal

from fastapi import Response

from talent.core.tables import Table, to_csv, to_xlsx

type Format = Literal["csv", "xlsx"]

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(table: Table, *, stem: str, form: Format) -> Response:
    """`stem` is an ASCII file name without extension; the day of the export is appended."""
    body = to_csv(table) if form == "csv" else to_xlsx(table)
    name = f"{stem}-{datetime.now(UTC):%Y-%m-%d}.{form}"
    return Response(
        body,
        media_type=MEDIA[form],
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )
