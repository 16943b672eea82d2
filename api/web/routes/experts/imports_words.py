"""An import in the expert's words: why each work is proposed (from its reasons), what a job
found, and each source's or file's problem, in the page's language (the job keeps them in
English, as the API gives them)."""

from collections.abc import Mapping

from pydantic import JsonValue, ValidationError

from api.web import i18n
from api.web.i18n import N_
from talent.imports.models import Candidate, ProblemKind, ReasonKind, SourceProblem
from talent.sources.models import FileProblemCode

# How an author's name matched (talent/sources/names.py NameMatchKind values, and "orcid":
# the author listed with the expert's ORCID iD).
HOW: dict[str, str] = {
    "exact": N_("written exactly as your name"),
    "a confirmed variant": N_("one of your name variants"),
    "same letters without diacritics": N_("the same letters without diacritics"),
    "reversed order": N_("in reversed order"),
    "middle name left out": N_("middle name left out"),
    "initials": N_("with initials"),
    "orcid": N_("listed with your ORCID iD"),
}
SOURCES = {
    "orcid": "ORCID",
    "openalex": "OpenAlex",
    "crossref": "Crossref",
    "bibtex": "BibTeX",
    "ris": "RIS",
}
# A source's failure, recognised by its English detail (talent/sources/http.py).
_NOT_FOUND = N_("%(source)s has no record of %(what)s.")
_NO_DOI = N_("Crossref knows no work with the DOI %(doi)s.")
_REFUSED = N_("%(source)s refused the request; try again later.")
_UNREADABLE = N_("%(source)s answered in a form that could not be read; try again later.")
_UNAVAILABLE = N_("%(source)s did not answer; try again later.")
_DELETED = N_("OpenAlex says the author %(id)s was deleted or merged into another.")
_CUT = N_("Only the first %(count)s works of one author were read.")
# A reference file, or one of its entries, that could not be read: its code
# (talent/sources/models.py FileProblemCode, as the parsers give it) in words.
FILE_REASONS: dict[FileProblemCode, str] = {
    FileProblemCode.EMPTY_FILE: N_("the file is empty"),
    FileProblemCode.TOO_MANY_ENTRIES: N_("the file holds too many entries"),
    FileProblemCode.NO_ENTRIES: N_("the file holds no BibTeX entries or RIS records"),
    FileProblemCode.UNREADABLE_FILE: N_("the file cannot be read as BibTeX"),
    FileProblemCode.NOT_UTF8: N_(
        "the file is not UTF-8; check that names show their letters rightly"
    ),
    FileProblemCode.UNREADABLE_CHARACTERS: N_("some characters of the file could not be read"),
    FileProblemCode.UNBALANCED_BRACES: N_(
        'its braces or quotes do not balance: a { or " is never closed'
    ),
    FileProblemCode.UNREADABLE_ENTRY: N_("it is not valid BibTeX"),
    FileProblemCode.OUTSIDE_RECORD: N_(
        "it is outside any record (a RIS record runs from a line TY to a line ER)"
    ),
    FileProblemCode.NO_TITLE: N_("it has no title"),
    FileProblemCode.BAD_YEAR: N_("its year is not a year"),
}
_FILE_OTHER = N_("it could not be read")
_LINE = N_("Line %(line)s")
_ENTRY = N_("entry %(entry)s")


def _say(locale: str, message: str, **values: object) -> str:
    text = i18n.gettext(locale, message)
    return text % values if values else text


def why(candidate: Candidate, locale: str) -> list[str]:
    """Each reason the work is proposed, as a sentence; a work whose author list does not name
    the expert says so."""
    found: list[str] = []
    for reason in candidate.reasons:
        if reason.kind is ReasonKind.ORCID:
            found.append(_say(locale, N_("From ORCID iD %(id)s"), id=reason.value))
        elif reason.kind is ReasonKind.OPENALEX:
            if reason.via_orcid:
                text = N_("From OpenAlex author %(id)s, whose record names ORCID iD %(orcid)s")
                found.append(_say(locale, text, id=reason.value, orcid=reason.via_orcid))
            else:
                found.append(_say(locale, N_("From OpenAlex author %(id)s"), id=reason.value))
        elif reason.kind is ReasonKind.DOI:
            found.append(_say(locale, N_("A DOI you pasted")))
        elif reason.kind is ReasonKind.FILE:
            found.append(_say(locale, N_("In the file %(name)s"), name=reason.value))
        else:
            found.append(_named(reason.value, reason.detail, reason.affiliation, locale))
    named = any(r.kind is ReasonKind.NAME for r in candidate.reasons)
    if candidate.work.authors and not named:
        count = len(candidate.work.authors)
        text = N_("Your name was not found among its %(count)s authors.")
        found.append(_say(locale, text, count=i18n.number(count, locale)))
    return found


def _named(author: str, how: str, where: str, locale: str) -> str:
    said = _say(locale, HOW[how.strip()]) if how.strip() in HOW else ""
    text = _say(locale, N_("Your name in the author list: “%(name)s”"), name=author)
    if said:
        text += f" ({said})"
    if where.strip():
        text += f" — {where.strip()}"
    return text


def problem(found: JsonValue, locale: str) -> str:
    """One source's failure as the job keeps it (talent.imports.models.SourceProblem), in
    words."""
    try:
        kept = SourceProblem.model_validate(found)
    except ValidationError:
        return _say(locale, _UNAVAILABLE, source="?")
    source = SOURCES.get(kept.source, kept.source)
    match kept.kind:
        case ProblemKind.DELETED:
            return _say(locale, _DELETED, id=kept.subject)
        case ProblemKind.CUT:
            return _say(locale, _CUT, count=i18n.number(kept.count or 0, locale))
        case ProblemKind.NOT_FOUND if kept.source == "crossref":
            return _say(locale, _NO_DOI, doi=kept.subject)
        case ProblemKind.NOT_FOUND:
            return _say(locale, _NOT_FOUND, source=source, what=kept.subject)
        case ProblemKind.REFUSED:
            return _say(locale, _REFUSED, source=source)
        case ProblemKind.MALFORMED:
            return _say(locale, _UNREADABLE, source=source)
    return _say(locale, _UNAVAILABLE, source=source)


def file_problem(line: JsonValue, entry: JsonValue, code: JsonValue, locale: str) -> str:
    """An entry of a reference file that could not be read: where, and why in words from its
    code (an import kept before codes existed reads as 'it could not be read')."""
    try:
        words = FILE_REASONS.get(FileProblemCode(str(code)), _FILE_OTHER)
    except ValueError:  # no code, or one this version does not know
        words = _FILE_OTHER
    said = _say(locale, words)
    where = []
    if isinstance(line, int):
        where.append(_say(locale, _LINE, line=line))
    if entry:
        where.append(_say(locale, _ENTRY, entry=str(entry)))
    return f"{', '.join(where)}: {said}" if where else said[:1].upper() + said[1:]


def file_problems(params: Mapping[str, JsonValue], locale: str) -> list[str]:
    """The problems a file import kept in its parameters, in words."""
    found = params.get("problems")
    if not isinstance(found, list):
        return []
    return [
        file_problem(p.get("line"), p.get("entry"), p.get("code"), locale)
        for p in found
        if isinstance(p, dict)
    ]
