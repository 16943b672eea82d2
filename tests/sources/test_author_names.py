"""Author names matched to an expert the Vietnamese way: each expected answer is written by
hand from how the name is really written in sources."""

import time

import pytest

from talent.sources.models import FoundAuthor
from talent.sources.names import (
    NameMatch,
    NameMatchKind,
    match_author,
    name_keys,
    suggest_variants,
)

HUONG = name_keys("Nguyễn Thị Hương", family="Nguyễn", given="Hương")

E = NameMatchKind


@pytest.mark.parametrize(
    ("author", "kind"),
    [
        ("Nguyễn Thị Hương", E.EXACT),
        ("nguyễn  thị HƯƠNG", E.EXACT),  # case and spacing
        ("Nguyễn, Thị Hương", E.EXACT),  # BibTeX's "Family, Given"
        ("Nguyễn Thị Hương1,2*", E.EXACT),  # affiliation marks
        ("Nguyen Thi Huong", E.NO_DIACRITICS),
        ("NGUYEN THI HUONG", E.NO_DIACRITICS),
        ("Nguyen, Thi Huong", E.NO_DIACRITICS),
        ("Nguyen-Thi Huong", E.NO_DIACRITICS),
        ("Huong Thi Nguyen", E.REORDERED),
        ("Huong Nguyen Thi", E.REORDERED),
        ("Hương Thị Nguyễn", E.REORDERED),
        ("Hương Nguyễn", E.MIDDLE_LEFT_OUT),
        ("Huong Nguyen", E.MIDDLE_LEFT_OUT),
        ("Nguyen Huong", E.MIDDLE_LEFT_OUT),
        ("T. H. Nguyen", E.INITIALS),
        ("T.H. Nguyen", E.INITIALS),
        ("Nguyen, T.H.", E.INITIALS),
        ("Nguyen TH", E.INITIALS),  # PubMed's style
        ("H. T. Nguyen", E.INITIALS),  # "Huong Thi Nguyen" abbreviated
        ("Huong T. Nguyen", E.INITIALS),
        ("N. T. Huong", E.INITIALS),  # "Nguyen Thi" read as given names
        ("Nguyen T. Huong", E.INITIALS),
    ],
)
def test_the_ways_sources_write_nguyen_thi_huong(author: str, kind: NameMatchKind) -> None:
    assert match_author(author, HUONG) == NameMatch(kind)


@pytest.mark.parametrize(
    "author",
    [
        "Trần Thị Hương",  # another family
        "Tran Thi Huong",
        "Thi Huong",  # no family at all
        "Nguyen",  # the commonest family name alone
        "Nguyen Thi",
        "Nguyen Van Anh",  # same family, another person
        "Nguyen Thi Lan",
        "Nguyen Thi Thu Huong",  # a word that is none of hers
        "T. A. Nguyen",  # A stands for nothing in her name
        "A. H. Nguyen",
        "H. Nguyen",  # an initial given name and her middle left out: too many people
        "T. Nguyen",
        "N. Huong",  # an initial family name with her middle left out
        "N. T. H.",  # nothing whole
        "",
    ],
)
def test_names_that_are_not_nguyen_thi_huong(author: str) -> None:
    assert match_author(author, HUONG) is None


def test_an_uppercase_vietnamese_family_name_is_a_name_not_initials() -> None:
    le = name_keys("Lê Thị Hương")
    assert match_author("LE Thi Huong", le) == NameMatch(E.NO_DIACRITICS)
    assert match_author("LE Thi Huong", HUONG) is None


def test_crossrefs_mis_split_name_is_the_same_person() -> None:
    hung = name_keys("Nguyễn Thế Hưng")
    deposited = FoundAuthor(raw="Nguyen The Hung", given="Nguyen The", family="Hung")
    assert match_author(deposited, hung) == NameMatch(E.NO_DIACRITICS)
    unnamed = FoundAuthor(raw="", given="Nguyen The", family="Hung")
    assert match_author(unnamed, hung) == NameMatch(E.NO_DIACRITICS)
    coauthor = FoundAuthor(raw="Nguyen Thi Quyen", given="Nguyen Thi", family="Quyen")
    assert match_author(coauthor, hung) is None


def test_a_source_that_splits_the_name_rightly_in_western_order_keeps_its_order() -> None:
    western = FoundAuthor(raw="Thi Huong Nguyen", given="Thi Huong", family="Nguyen")
    assert match_author(western, HUONG) == NameMatch(E.NO_DIACRITICS)


@pytest.mark.parametrize(
    ("author", "kind"),
    [
        ("Jason Priem", E.EXACT),
        ("Priem, J.", E.INITIALS),
        ("J. Priem", E.INITIALS),
        ("Priem, Jason", E.EXACT),
        ("Priem Jason", E.REORDERED),
        ("PRIEM, JASON", E.EXACT),
        ("J. Smith", None),
        ("Jason Smith", None),
        ("Priem", None),
        ("K. Priem", None),
    ],
)
def test_a_western_name_in_western_order(author: str, kind: NameMatchKind | None) -> None:
    priem = name_keys("Jason Priem")
    assert match_author(author, priem) == (NameMatch(kind) if kind else None)


def test_a_western_middle_name_may_be_left_out_even_with_an_initial_given_name() -> None:
    scott = name_keys("Scott A Chamberlain")
    assert match_author("Scott Chamberlain", scott) == NameMatch(E.MIDDLE_LEFT_OUT)
    assert match_author("S. Chamberlain", scott) == NameMatch(E.INITIALS)
    assert match_author("Chamberlain, S. A.", scott) == NameMatch(E.INITIALS)
    assert match_author("S. B. Chamberlain", scott) is None


def test_a_profile_stored_family_first_as_split_by_default_still_matches() -> None:
    # Profiles without parts are split family-first ("Jason" family, "Priem" given).
    priem = name_keys("Jason Priem", family="Jason", given="Priem")
    assert match_author("Jason Priem", priem) == NameMatch(E.EXACT)
    assert match_author("Priem, J.", priem) == NameMatch(E.INITIALS)


def test_a_given_name_the_full_name_does_not_hold_is_ignored() -> None:
    stale = name_keys("Nguyễn Thị Hương", family="Nguyễn", given="Lan")
    assert (stale.given, stale.middles) == ("huong", ("thi",))
    assert match_author("Huong Thi Nguyen", stale) == NameMatch(E.REORDERED)


def test_a_confirmed_variant_matches_exactly_and_says_which() -> None:
    rose = name_keys("Nguyễn Thị Hương", variants=["Rose Nguyen", "Hương Lê-Nguyễn"])
    assert match_author("Rose Nguyen", rose) == NameMatch(E.VARIANT, "Rose Nguyen")
    assert match_author("Nguyen, Rose", rose) == NameMatch(E.VARIANT, "Rose Nguyen")
    assert match_author("huong le nguyen", rose) == NameMatch(E.VARIANT, "Hương Lê-Nguyễn")
    assert match_author("R. Nguyen", rose) is None  # a variant is matched as confirmed
    assert NameMatch(E.VARIANT, "Rose Nguyen").reason == "a confirmed variant: Rose Nguyen"
    assert NameMatch(E.INITIALS).reason == "initials"
    # The name itself still matches by the rules, and says so rather than the variant.
    assert match_author("Nguyen Thi Huong", rose) == NameMatch(E.NO_DIACRITICS)


def test_a_variant_outranks_a_weak_rule_match() -> None:
    person = name_keys("Nguyễn Thị Hương", variants=["Huong Nguyen"])
    assert match_author("Huong Nguyen", person) == NameMatch(E.VARIANT, "Huong Nguyen")


def test_name_keys_reads_which_word_is_which() -> None:
    assert (HUONG.family, HUONG.given, HUONG.middles, HUONG.vietnamese) == (
        ("nguyen",),
        "huong",
        ("thi",),
        True,
    )
    assert HUONG.family_set == frozenset({"nguyen"})
    assert HUONG.given_set == frozenset({"thi", "huong"})
    assert HUONG.multiset == ("huong", "nguyen", "thi")
    guessed = name_keys("Lê Hoàng Phương")
    assert (guessed.family, guessed.given, guessed.middles) == (("le",), "phuong", ("hoang",))
    western_vietnamese = name_keys("Binh Tran")
    assert (western_vietnamese.family, western_vietnamese.given) == (("tran",), "binh")
    assert name_keys("Jason Priem").family == ("priem",)


def test_suggested_variants_name_the_same_person_once_each_in_source_order() -> None:
    candidates = [
        "Huong Nguyen",
        "Nguyen Thi Huong",  # the name itself without diacritics: not a variant
        "Trần Thị Hương",
        "Hương Thị Nguyễn",
        "huong  NGUYEN",  # the first again once folded
        "T. H. Nguyen",
        "Nguyen Van Anh",
        "",
    ]
    assert suggest_variants("Nguyễn Thị Hương", candidates) == [
        "Huong Nguyen",
        "Hương Thị Nguyễn",
        "T. H. Nguyen",
    ]
    # OpenAlex's alternatives for Jason Priem.
    assert suggest_variants("Jason Priem", ["Priem Jason", "Jason Priem"]) == ["Priem Jason"]


def test_matching_ten_thousand_authors_takes_well_under_a_second() -> None:
    authors = [f"Nguyen Van {chr(65 + i % 26)}{i}" for i in range(9_000)]
    authors += ["T. H. Nguyen", "Huong Thi Nguyen"] * 500
    started = time.perf_counter()
    found = [a for a in authors if match_author(a, HUONG)]
    seconds = time.perf_counter() - started
    assert len(found) == 1_000
    assert seconds < 3.0, seconds  # about 0.1 s; quadratic work would take minutes
