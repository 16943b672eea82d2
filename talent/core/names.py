"""Name keys: Vietnamese-aware folding so that 'Nguyễn Văn Ánh' and 'nguyen  van anh' agree."""

import re
import unicodedata

# Letters that do not decompose into a base letter plus a combining mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s'-]")


def fold_name(name: str) -> str:
    """Lower-case ASCII form of a name: diacritics and `đ` folded, spacing normalised."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_WORD.sub(" ", text.casefold())
    return _SPACES.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """NFC form with edge and repeated spaces removed: what every stored key string looks like."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def split_vietnamese_name(full_name: str) -> tuple[str, str]:
    """(family, given) of a name in Vietnamese order: family name first, given name last."""
    parts = clean_text(full_name).split(" ")
    if len(parts) == 1:
        return "", parts[0]
    return parts[0], parts[-1]
