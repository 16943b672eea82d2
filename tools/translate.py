"""Fill a catalogue's missing translations from a JSON file of {msgid: msgstr}, and list what is
still untranslated: `python tools/translate.py api/web/translations/vi/LC_MESSAGES/core.po
translations.json` (without the JSON: only the list)."""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(po_path: str, table_path: str | None = None) -> int:
    path = Path(po_path)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    table = json.loads(Path(table_path).read_text()) if table_path else {}
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key and key in table:
            message.string = table[key]
            message.flags.discard("fuzzy")
    if table:
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
