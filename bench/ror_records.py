"""The ROR reader against real ROR records (../shared/data/sources/ror: schema v2.1 files and
one legacy v1.0 file, read at run time, never copied): per file, the record as matching sees
it; then all of them zipped as ROR publishes a dump and read back through the dump reader,
with its speed. Exits non-zero when a record cannot be read.

    python -m bench.ror_records [--path ../shared/data/sources/ror]
"""

import argparse
import io
import json
import sys
import time
import zipfile
from pathlib import Path

from talent.core.errors import TalentError
from talent.organizations.ror import RorRecord, read_dump

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path("../shared/data/sources/ror")  # relative to the repository's root
COPIES = 2000  # the records repeated, for a dump of a size that times meaningfully


def _show(name: str, record: RorRecord) -> None:
    print(f"{name}")
    print(f"  id {record.id}  country {record.country}  kind {record.kind.value}  {record.status}")
    print(f"  name     {record.name}")
    print(f"  name_vi  {record.name_vi or '-'}")
    print(f"  names    {', '.join(record.names_folded)}")
    print(f"  acronyms {', '.join(record.acronyms_folded) or '-'}")


def _as_dump(records: list[object]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        body = json.dumps(records * COPIES, ensure_ascii=False).encode()
        archive.writestr("bench-ror-data_schema_v2.json", body)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    folder = args.path if args.path.is_absolute() else ROOT / args.path
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        print(f"no ROR records at {args.path} (relative to the repository's root)")
        return 2
    raw: list[object] = []
    vietnamese: set[str] = set()
    for path in files:
        data = path.read_bytes()
        try:
            (record,) = list(read_dump(io.BytesIO(data), max_bytes=10_000_000))
        except (TalentError, ValueError) as exc:
            print(f"{path.name}: NOT READ: {exc}")
            return 1
        _show(path.name, record)
        raw.append(json.loads(data))
        if record.name_vi:
            vietnamese.add(record.name_vi)
    dump = _as_dump(raw)
    started = time.perf_counter()
    count = sum(1 for _ in read_dump(io.BytesIO(dump), max_bytes=2_000_000_000))
    seconds = time.perf_counter() - started
    print(
        f"\ndump: {count} records ({len(dump):,} bytes zipped) read in {seconds:.2f} s, "
        f"{count / seconds:,.0f} records/s"
    )
    print(f"Vietnamese labels: {', '.join(sorted(vietnamese))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
