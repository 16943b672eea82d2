"""ROR records (https://ror.readme.io/docs/data-dump) read into one small model, from schema v2
(`names` with types and languages, `locations[].geonames_details`) or the legacy schema v1
(`name`, `aliases`, `acronyms`, `labels`, `country`); and ROR's data dumps read record by
record: a zip holding the JSON array (the v2 file ends `_schema_v2.json`), or the array itself,
with the zip's uncompressed size bounded (a zip bomb is refused before it is inflated) and
malformed JSON answered with where it went wrong."""

import codecs
import hashlib
import json
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any, ClassVar

from talent.core.errors import InvalidInput, TalentError
from talent.core.names import clean_name, fold_name
from talent.core.validators import ROR_PATTERN
from talent.resources.models import OrganizationKind

# ROR's types, most telling first: a university that also funds research is a university.
_KINDS = (
    ("education", OrganizationKind.UNIVERSITY),
    ("company", OrganizationKind.COMPANY),
    ("government", OrganizationKind.AGENCY),
    ("facility", OrganizationKind.INSTITUTE),
    ("funder", OrganizationKind.AGENCY),
)
# The largest record read whole; ROR's are a few kilobytes.
MAX_RECORD_CHARS = 4_000_000
_CHUNK = 1 << 20


class RorMalformed(InvalidInput):
    """A dump or record that is not ROR's documented JSON: where, and what is wrong."""


class DumpTooLarge(TalentError):
    """A file (or a zip's content) over the size an import reads."""

    status_code: ClassVar[int] = 413


@dataclass(frozen=True, slots=True)
class RorRecord:
    """One organisation as ROR registers it, reduced to what matching needs."""

    id: str  # the short form: 02jmfj006
    name: str  # ROR's display name
    name_vi: str | None  # the Vietnamese label, if ROR has one
    names_folded: tuple[str, ...]  # display name, labels and aliases, folded, no repeats
    acronyms_folded: tuple[str, ...]
    country: str | None  # ISO 3166-1 alpha-2
    kind: OrganizationKind
    status: str  # active, inactive, withdrawn

    def digest(self) -> str:
        """What a reload compares: the same record twice has the same digest."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:32]


def short_id(value: object) -> str:
    """`https://ror.org/02jmfj006` (or the bare id) as `02jmfj006`; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("no id")
    raw = value.strip().lower().removeprefix("https://ror.org/").removeprefix("http://ror.org/")
    if not ROR_PATTERN.match(raw):
        raise ValueError(f"'{value[:60]}' is not a ROR id")
    return raw


def _kind(types: object) -> OrganizationKind:
    named = {str(t).lower() for t in types} if isinstance(types, list) else set()
    for ror_type, kind in _KINDS:
        if ror_type in named:
            return kind
    return OrganizationKind.OTHER


def _folded(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        key = fold_name(name)
        if key:
            seen.setdefault(key, None)
    return tuple(seen)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _v2(data: Mapping[str, Any]) -> tuple[str, str | None, list[str], list[str], str | None]:
    display, vietnamese = None, None
    names: list[str] = []
    acronyms: list[str] = []
    for entry in data["names"] or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            raise ValueError("a name without a value")
        value, types = clean_name(entry["value"]), entry.get("types") or []
        if "acronym" in types:
            acronyms.append(value)
            continue
        names.append(value)
        if "ror_display" in types:
            display = value
        if entry.get("lang") == "vi" and "label" in types and vietnamese is None:
            vietnamese = value
    if display is None:
        display = names[0] if names else None
    if display is None:
        raise ValueError("no name of type ror_display or label")
    country = None
    for location in data.get("locations") or []:
        details = location.get("geonames_details") if isinstance(location, dict) else None
        if isinstance(details, dict) and isinstance(details.get("country_code"), str):
            country = details["country_code"].upper()
            break
    return display, vietnamese, names, acronyms, country


def _v1(data: Mapping[str, Any]) -> tuple[str, str | None, list[str], list[str], str | None]:
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise ValueError("no name")
    display = clean_name(data["name"])
    names = [display, *(clean_name(a) for a in _strings(data.get("aliases")))]
    vietnamese = None
    for label in data.get("labels") or []:
        if isinstance(label, dict) and isinstance(label.get("label"), str):
            names.append(clean_name(label["label"]))
            if label.get("iso639") == "vi" and vietnamese is None:
                vietnamese = clean_name(label["label"])
    acronyms = [clean_name(a) for a in _strings(data.get("acronyms"))]
    country_block = data.get("country")
    code = country_block.get("country_code") if isinstance(country_block, dict) else None
    return display, vietnamese, names, acronyms, code.upper() if isinstance(code, str) else None


def parse_record(data: object) -> RorRecord:
    """One record of either schema; ValueError naming what is missing or wrong."""
    if not isinstance(data, dict):
        raise ValueError("a record is a JSON object")
    ror_id = short_id(data.get("id"))
    if "names" in data:
        display, vietnamese, names, acronyms, country = _v2(data)
    elif "name" in data:
        display, vietnamese, names, acronyms, country = _v1(data)
    else:
        raise ValueError(f"record {ror_id} has neither `names` (schema v2) nor `name` (v1)")
    status = data.get("status")
    return RorRecord(
        id=ror_id,
        name=display,
        name_vi=vietnamese,
        names_folded=_folded([display, *names]),
        acronyms_folded=_folded(acronyms),
        country=country if country and len(country) == 2 else None,
        kind=_kind(data.get("types")),
        status=status.lower() if isinstance(status, str) else "active",
    )


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The dump's JSON file: the schema v2 one where a dump holds both schemas."""
    found = [i for i in archive.infolist() if i.filename.lower().endswith(".json")]
    for test in (
        lambda name: name.endswith("_schema_v2.json"),
        lambda name: not name.endswith("_schema_v1.json"),
        lambda name: True,
    ):
        chosen = [i for i in found if test(i.filename.lower())]
        if chosen:
            return chosen[0]
    raise RorMalformed(
        "the zip holds no JSON file", fields={"file": "no .json inside"}, extra={"problem": "zip"}
    )


class _Counted:
    """A binary stream that refuses to give more than `limit` bytes (a zip can lie about the
    size it inflates to)."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.limit, self.seen = raw, limit, 0

    def read(self, n: int) -> bytes:
        data = self.raw.read(n)
        self.seen += len(data)
        if self.seen > self.limit:
            raise too_large(self.limit, "uncompressed")
        return data


def too_large(limit: int, what: str = "") -> DumpTooLarge:
    detail = f"the file is larger than {limit} bytes{' ' + what if what else ''}"
    return DumpTooLarge(
        detail, fields={"file": f"at most {limit} bytes{' ' + what if what else ''}"}
    )


def _text(stream: IO[bytes], limit: int) -> Iterator[str]:
    """The stream decoded as UTF-8 (a byte-order mark dropped), chunk by chunk."""
    counted = _Counted(stream, limit)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while True:
            data = counted.read(_CHUNK)
            text = decoder.decode(data, final=not data)
            if text:
                yield text
            if not data:
                return
    except UnicodeDecodeError as exc:
        raise RorMalformed(
            f"the dump is not UTF-8 text (byte {counted.seen - len(data) + exc.start})",
            fields={"file": "not UTF-8"},
            extra={"problem": "encoding"},
        ) from exc


def _malformed(offset: int, why: str) -> RorMalformed:
    at = offset + 1  # counted from 1, as an editor counts
    return RorMalformed(
        f"malformed JSON at character {at}: {why}",
        fields={"file": f"character {at}: {why}"},
        extra={"problem": "json", "at": at},
    )


def _values(chunks: Iterator[str]) -> Iterator[object]:
    """The elements of one top-level JSON array (or the one top-level object), decoded one at a
    time: a dump is never held whole in memory."""
    decoder = json.JSONDecoder()
    buffer, done, offset, pos = "", False, 0, 0

    def more() -> bool:
        nonlocal buffer, done, pos, offset
        chunk = next(chunks, None)
        if chunk is None:
            done = True
            return False
        buffer, offset, pos = buffer[pos:] + chunk, offset + pos, 0
        return True

    def skip() -> str:
        """The next character that is not a space ("" at the end)."""
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            if pos < len(buffer):
                return buffer[pos]
            if not more():
                return ""

    first = skip()
    if first not in ("[", "{"):
        raise _malformed(offset + pos, "a dump is a JSON array of records")
    array = first == "["
    if array:
        pos += 1
        if skip() == "]":
            pos += 1
            first = ""
    while first:
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buffer) - pos > MAX_RECORD_CHARS or done or not more():
                    raise _malformed(offset + exc.pos, exc.msg) from None
        pos = end
        yield value
        if not array:
            break
        following = skip()
        if following == "]":
            pos += 1
            break
        if following != ",":
            why = "the dump ends before its closing ]" if not following else "expected , or ]"
            raise _malformed(offset + pos, why)
        pos += 1
        skip()
    if skip():
        raise _malformed(offset + pos, "text after the end of the dump")


def read_dump(stream: IO[bytes], *, max_bytes: int) -> Iterator[RorRecord]:
    """The records of a dump (a zip of ROR's JSON, or the JSON itself: an array of records, or
    one record), in file order. A zip whose JSON inflates past `max_bytes` is refused (413)
    from its directory before anything is inflated, and while reading if the directory lies;
    a record ROR's schemas do not describe is refused (422) naming its position and id."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile as exc:
            raise RorMalformed(
                "the file is not a readable zip",
                fields={"file": "bad zip"},
                extra={"problem": "zip"},
            ) from exc
        with archive:
            member = _member(archive)
            if member.file_size > max_bytes:
                raise too_large(max_bytes, "uncompressed")
            try:
                with archive.open(member) as inner:
                    yield from _records(_text(inner, max_bytes))
            except (zipfile.BadZipFile, EOFError) as exc:
                raise RorMalformed(
                    f"the zip is damaged: {exc}",
                    fields={"file": "damaged zip"},
                    extra={"problem": "zip"},
                ) from exc
        return
    yield from _records(_text(stream, max_bytes))


def _records(chunks: Iterator[str]) -> Iterator[RorRecord]:
    for n, value in enumerate(_values(chunks), start=1):
        try:
            yield parse_record(value)
        except ValueError as exc:
            named = value.get("id") if isinstance(value, dict) else None
            where = f"record {n}" + (f" ({str(named)[:60]})" if named else "")
            raise RorMalformed(
                f"{where}: {exc}",
                fields={"file": f"{where}: {exc}"},
                extra={"problem": "record", "record": n, "id": str(named or "")[:60]},
            ) from None
