"""Name keys: Vietnamese-aware folding so that 'Nguyễn Văn Ánh' and 'nguyen  van anh' agree."""

import functools
import re
import unicodedata

# Letters that do not decompose into a base letter plus a combining mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s'-]")


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the letters a name
# in Latin script can be spoofed with): folded to the Latin letter when a name mixes them with
# Latin letters, so that a lookalike spelling cannot pass as a new person. A name wholly in
# Cyrillic or Greek keeps its letters.
_CYRILLIC = ("аеорсухіјѕһԁԛԝвкмнтАВЕКМНОРСТУХІЈЅ", "aeopcyxijshdqwbkmhtABEKMHOPCTYXIJS")
_GREEK = ("αονιυκτρχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "aovuuktpxABEZHIKMNOPTYX")
_CONFUSABLE = str.maketrans(
    {
        **dict(zip(*_CYRILLIC, strict=True)),
        **dict(zip(*_GREEK, strict=True)),
        "\u0131": "i",  # dotless i
        "\u0261": "g",  # script g
    }
)


def strip_format(text: str) -> str:
    """Without invisible format characters (Unicode Cf: zero-width spaces and joiners, soft
    hyphens, direction overrides, byte-order marks): they change no letter a reader sees."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _latin_letters(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in unicodedata.normalize("NFKD", text.casefold()))


# Names, countries and skills repeat across a list's rows and a snapshot's profiles: short
# texts are folded once.
_CACHED_UP_TO = 120


def fold_name(name: str) -> str:
    """Lower-case ASCII form of a name: invisible characters removed, Latin lookalikes in a
    Latin name read as Latin, compatibility forms (full-width, ligatures) and diacritics
    decomposed (NFKD) and `đ` folded, spacing normalised."""
    return _fold_short(name) if len(name) <= _CACHED_UP_TO else _fold(name)


@functools.lru_cache(maxsize=1 << 16)
def _fold_short(name: str) -> str:
    return _fold(name)


def _fold(name: str) -> str:
    name = strip_format(name)
    if _latin_letters(name):
        name = name.translate(_CONFUSABLE)
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_WORD.sub(" ", text.casefold())
    return _SPACES.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """NFC form with edge and repeated spaces removed: what every stored key string looks like."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def clean_name(name: str) -> str:
    """A person's or organisation's name as stored: compatibility forms composed (NFKC), no
    invisible format characters (a right-to-left override would reorder what staff read),
    spacing normalised."""
    return clean_text(strip_format(unicodedata.normalize("NFKC", name)))


def split_vietnamese_name(full_name: str) -> tuple[str | None, str]:
    """(family, given) of a name in Vietnamese order: family name first, given name last. A
    one-word name ("Madonna") is a given name with no family name."""
    parts = clean_text(full_name).split(" ")
    if len(parts) == 1:
        return None, parts[0]
    return parts[0], parts[-1]
