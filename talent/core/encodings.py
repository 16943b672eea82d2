"""Uploaded bytes as text, whatever the exporting program chose: the one decoder of every
upload (expert lists, reference files).

Exports are UTF-8 with or without a byte-order mark, some programs write UTF-16 (with a mark,
a few without), and old Windows tools write Windows-1258, the Vietnamese code page, whose
tones are combining marks after the letter. Text is always NFC, as typed on a page. Bytes that
cannot be read become U+FFFD and are counted, so that a caller can tell its reader where."""

import codecs
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

REPLACEMENT = "\ufffd"


class Encoding(StrEnum):
    """What a file was read as; the value is Python's codec name, which the API reports."""

    UTF8 = "utf-8"
    UTF8_BOM = "utf-8-sig"
    UTF16 = "utf-16"
    WINDOWS_1258 = "cp1258"


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text, what it was read as, and the bytes that could not be read (shown as U+FFFD):
    how many, and the line of the first."""

    text: str
    encoding: Encoding
    unreadable: int = 0
    first_line: int | None = None


def decode(data: bytes) -> Decoded:
    """UTF-8 (a byte-order mark dropped), UTF-16 (by its mark, or by a zero byte beside each
    ASCII letter), else Windows-1258. A UTF-8 file with a few stray bytes (two exports pasted
    together) stays UTF-8: read as Windows-1258, every Vietnamese letter of the rest would be
    garbled."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], Encoding.UTF8_BOM)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        return _utf16(data)
    try:
        return Decoded(_nfc(data.decode("utf-8")), Encoding.UTF8)
    except UnicodeDecodeError as error:
        where = error.start
    line = data.count(b"\n", 0, where) + 1
    mostly = data.decode("utf-8", errors="replace")
    unreadable = mostly.count(REPLACEMENT)
    if sum(1 for ch in mostly if ch > "\x7f") > 2 * unreadable:
        return Decoded(_nfc(mostly), Encoding.UTF8, unreadable, line)
    text = data.decode("cp1258", errors="replace")
    return Decoded(_nfc(text), Encoding.WINDOWS_1258, text.count(REPLACEMENT), line)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _utf8(data: bytes, encoding: Encoding) -> Decoded:
    try:
        return Decoded(_nfc(data.decode("utf-8")), encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    text = data.decode("utf-8", errors="replace")
    return Decoded(_nfc(text), encoding, text.count(REPLACEMENT), line)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a mark: ASCII letters with a zero byte beside each."""
    head = data[:200]
    return len(head) >= 4 and head.count(0) * 3 >= len(head)


def _utf16(data: bytes) -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"  # the mark says which end first, and is dropped
    else:
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    try:
        return Decoded(_nfc(data.decode(codec).lstrip("\ufeff")), Encoding.UTF16)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
    text = data.decode(codec, errors="replace").lstrip("\ufeff")
    return Decoded(_nfc(text), Encoding.UTF16, text.count(REPLACEMENT), line)
