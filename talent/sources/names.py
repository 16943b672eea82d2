"""Whether an author in a found work's author list is a given expert, read the way Vietnamese
names are really written.

A Vietnamese name is written family first ("Nguyễn Thị Hương": family Nguyễn, middle Thị,
given Hương), but English-language sources turn it round ("Huong Thi Nguyen", "Huong Nguyen
Thi"), split it wrongly (Crossref: given "Nguyen The", family "Hung"), abbreviate it
("T. H. Nguyen", "Nguyen, T.H.", "N. T. Huong"), drop its diacritics and its letter case.
Nguyễn is the family name of about two Vietnamese in five, so the family name alone proves
nothing: a match needs the family name and the given name, and every other word of the author
must stand for a part of the expert's name. Each match says how it was made, so that a page
can tell the expert why a work is proposed.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from talent.core.names import fold_name
from talent.sources.models import FoundAuthor

# Vietnamese family names, folded: together more than nine in ten Vietnamese. A name that
# starts with one is read family first; an expert who carries one is held to the stricter
# rule on initials (Nguyễn alone, or with a bare initial, names half a million people).
# fmt: off
VIETNAMESE_FAMILY_NAMES = frozenset({
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "doan", "lam", "mai", "truong", "dao", "cao", "luong",
    "ha", "to", "ta", "trinh", "luu", "chau", "quach", "thai", "kieu", "phung", "tang", "vuong",
    "la", "trieu", "khuc", "chu", "dam", "nong", "luc", "au", "giang", "ton", "than", "mac",
    "lai", "tu", "hua", "pho", "ong", "lac", "ninh",
})
# fmt: on
# What separates the words of a name: initials' dots, hyphens, and the digits and marks that
# papers put after a name to point at an affiliation ("Nguyễn Thị Hương1,2*").
_SEPARATORS = re.compile(r"[\s\d,.;:()\[\]{}\"/_*†‡§\-\u2010\u2011\u2013\u2014]+")


class NameMatchKind(StrEnum):
    """How an author was recognised, strongest first."""

    EXACT = "exact"
    VARIANT = "a confirmed variant"
    NO_DIACRITICS = "same letters without diacritics"
    REORDERED = "reversed order"
    MIDDLE_LEFT_OUT = "middle name left out"
    INITIALS = "initials"


@dataclass(frozen=True, slots=True)
class NameMatch:
    kind: NameMatchKind
    variant: str | None = None  # the confirmed variant that matched

    @property
    def reason(self) -> str:
        """Why the work is proposed, in English (pages translate the kind)."""
        return f"{self.kind.value}: {self.variant}" if self.variant else self.kind.value


@dataclass(frozen=True, slots=True)
class PersonNames:
    """What matching needs of one expert, computed once (matching runs over thousands of
    authors): the name's words folded (no diacritics, lower case) and as written (lower
    case), its family words, its given name and its middle names, and the confirmed variants
    as sorted folded words."""

    full_name: str
    words: tuple[str, ...]
    exact_words: tuple[str, ...]
    family: tuple[str, ...]
    given: str
    middles: tuple[str, ...]
    vietnamese: bool
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def family_set(self) -> frozenset[str]:
        return frozenset(self.family)

    @property
    def given_set(self) -> frozenset[str]:
        return frozenset((self.given, *self.middles))

    @property
    def multiset(self) -> tuple[str, ...]:
        return tuple(sorted(self.words))


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    exact: str
    initial: bool


@lru_cache(maxsize=65_536)
def _fold(piece: str) -> tuple[str, ...]:
    return tuple(fold_name(piece).split())


def _words(text: str) -> list[_Word]:
    """A name's words; single letters and runs of two or three capitals in a name that has
    small letters too ("Nguyen TH", PubMed's style) are initials, but a capitalised family
    name ("LE Thi Huong") is not."""
    has_lower = any(ch.islower() for ch in text)
    words: list[_Word] = []
    for piece in _SEPARATORS.split(text):
        if not piece:
            continue
        folded = _fold(piece)
        if (
            has_lower
            and 2 <= len(piece) <= 3
            and piece.isupper()
            and len(folded) == 1
            and folded[0] not in VIETNAMESE_FAMILY_NAMES
        ):
            words.extend(_Word(ch, ch, True) for ch in folded[0])
            continue
        exact = unicodedata.normalize("NFC", piece).casefold()
        words.extend(_Word(f, exact if len(folded) == 1 else f, len(f) == 1) for f in folded)
    return words


def _folded(text: str) -> tuple[str, ...]:
    return tuple(w.folded for w in _words(text))


def name_keys(
    full_name: str,
    family: str | None = None,
    given: str | None = None,
    variants: Sequence[str] = (),
) -> PersonNames:
    """An expert's name read once for matching. The family and given names, when the profile
    holds them, say which word is which; otherwise a name that starts with a Vietnamese family
    name is read family first, one that ends with one family last, and any other name in
    Western order ("Jason Priem")."""
    words = _words(full_name)
    folded = [w.folded for w in words]
    family_words = _folded(family) if family else _guess_family(folded)
    remaining = list(folded)
    for word in family_words:
        if word in remaining:
            remaining.remove(word)
    family_first = bool(family_words) and tuple(folded[: len(family_words)]) == family_words
    # A given name the full name does not hold (an old profile's) says nothing: guessed.
    given_words = [w for w in _folded(given) if w in remaining] if given else []
    given_words = given_words or remaining
    main = ""
    if given_words:
        main = given_words[-1] if family_first else given_words[0]
        remaining.remove(main)
    return PersonNames(
        full_name=full_name,
        words=tuple(folded),
        exact_words=tuple(w.exact for w in words),
        family=family_words,
        given=main,
        middles=tuple(remaining),
        vietnamese=any(w in VIETNAMESE_FAMILY_NAMES for w in family_words),
        variants=tuple((v, tuple(sorted(_folded(v)))) for v in variants if v.strip()),
    )


def _guess_family(folded: list[str]) -> tuple[str, ...]:
    if len(folded) < 2:
        return ()
    if folded[0] in VIETNAMESE_FAMILY_NAMES:
        return (folded[0],)
    return (folded[-1],)


def match_author(author: FoundAuthor | str, person: PersonNames) -> NameMatch | None:
    """How the author names the expert, or None when they do not. The family name must
    agree, the given name must be there (whole or as an initial), every other word of the
    author must stand for a part of the expert's name, and an initial for one whose first
    letter it is; a confirmed variant matches when its words are the author's."""
    orders = _orders(author)
    if not orders or not person.words:
        return None
    kind = _match_words(orders[0], person)
    if kind is NameMatchKind.NO_DIACRITICS:  # every part whole, none left out: order decides
        return NameMatch(_order_kind(orders, person))
    if person.variants:
        written = tuple(sorted(w.folded for w in orders[0]))
        for variant, variant_words in person.variants:
            if variant_words == written:
                return NameMatch(NameMatchKind.VARIANT, variant)
    return NameMatch(kind) if kind is not None else None


def _orders(author: FoundAuthor | str) -> list[list[_Word]]:
    """The author's words in each order the source allows: as written ("Family, Given" read
    family first), and given-family both ways round where the source splits the name."""
    if isinstance(author, str):
        raw, given, family = author, "", ""
    else:
        raw, given, family = author.raw, author.given, author.family
    orders: list[list[_Word]] = []
    if "," in raw:
        head, _, tail = raw.partition(",")
        family_part, given_part = _words(head), _words(tail)
        orders += [family_part + given_part, given_part + family_part]
    elif raw.strip():
        orders.append(_words(raw))
    if given or family:
        family_part, given_part = _words(family), _words(given)
        orders += [family_part + given_part, given_part + family_part]
    return [order for order in orders if order]


def _match_words(words: list[_Word], person: PersonNames) -> NameMatchKind | None:
    """Each word of the author stands for one part of the person's name; what is left of
    the person's name, and which parts were initials, decide the kind."""
    full = [w.folded for w in words if not w.initial]
    family_left = list(person.family)
    for word in person.family:
        if word in full:
            full.remove(word)
            family_left.remove(word)
    given = "full" if person.given and person.given in full else ""
    if given:
        full.remove(person.given)
    middles_left = list(person.middles)
    for word in list(full):
        if word in middles_left:
            middles_left.remove(word)
            full.remove(word)
    if full:  # a word that names no part of the person: someone else
        return None
    family = "" if family_left else "full"
    initials = [w.folded for w in words if w.initial]
    for letter in initials:
        if not given and person.given.startswith(letter):
            given = "initial"
        elif (middle := next((m for m in middles_left if m.startswith(letter)), None)) is not None:
            middles_left.remove(middle)
        elif not family and family_left and family_left[0].startswith(letter):
            family, family_left = "initial", []
        else:
            return None
    return _kind(person, given=given, family=family, omitted=len(middles_left), initials=initials)


def _kind(
    person: PersonNames, *, given: str, family: str, omitted: int, initials: list[str]
) -> NameMatchKind | None:
    if not given or (person.family and not family):
        return None
    if family == "initial" and (given != "full" or omitted):
        return None  # "N. Huong": the family name itself must be there, or all else whole
    if initials:
        if given == "initial" and omitted and person.vietnamese:
            return None  # "H. Nguyen" is too many people; "T. H. Nguyen" is not
        return NameMatchKind.INITIALS
    if omitted:
        return NameMatchKind.MIDDLE_LEFT_OUT
    return NameMatchKind.NO_DIACRITICS  # whole words: the order decides


def _order_kind(orders: list[list[_Word]], person: PersonNames) -> NameMatchKind:
    for order in orders:
        if tuple(w.exact for w in order) == person.exact_words:
            return NameMatchKind.EXACT
    for order in orders:
        if tuple(w.folded for w in order) == person.words:
            return NameMatchKind.NO_DIACRITICS
    return NameMatchKind.REORDERED


def suggest_variants(full_name: str, candidates: Iterable[str]) -> list[str]:
    """Of the names a source lists for a person (ORCID other-names, OpenAlex's alternatives),
    those that plausibly name the same person as `full_name`, in the source's order, each
    once after folding, and none that is the name itself."""
    person = name_keys(full_name)
    seen = {fold_name(full_name)}
    kept: list[str] = []
    for candidate in candidates:
        text = " ".join(unicodedata.normalize("NFC", candidate).split())
        key = fold_name(text)
        if not key or key in seen:
            continue
        seen.add(key)
        if match_author(text, person) is not None:
            kept.append(text)
    return kept


def reading_order(given: str, family: str) -> str:
    """A "Family, Given" name as a reader writes it: Vietnamese family first, others last."""
    words = _folded(family)
    if words and words[0] in VIETNAMESE_FAMILY_NAMES:
        return f"{family} {given}".strip()
    return f"{given} {family}".strip()


def written_order(written: str, given: str, family: str) -> tuple[str, str]:
    """(given, family) of a name written without a comma. Western readers take the last word
    for the family name; a name that starts with a Vietnamese family name and does not end
    with one is in Vietnamese order ("Nguyễn Thị Hương": family Nguyễn)."""
    parts = written.split()
    if len(parts) >= 2:
        first, last = _fold(parts[0]), _fold(parts[-1])
        vietnamese_first = bool(first) and first[0] in VIETNAMESE_FAMILY_NAMES
        vietnamese_last = bool(last) and last[-1] in VIETNAMESE_FAMILY_NAMES
        if vietnamese_first and not vietnamese_last:
            return " ".join(parts[1:]), parts[0]
    return given, family
