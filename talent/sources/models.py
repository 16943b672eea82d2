"""What the sources say, in one shape whatever the source: works found, the people behind an
identifier, and the organisations they name. Nothing here is stored as is: imports propose,
people approve (talent/imports)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from talent.resources.models import WorkKind


class SourceName(StrEnum):
    ORCID = "orcid"
    OPENALEX = "openalex"
    CROSSREF = "crossref"
    BIBTEX = "bibtex"
    RIS = "ris"


class Found(BaseModel):
    model_config = ConfigDict(frozen=True)


class ExternalIds(Found):
    """A work's identifiers, each normalised: a DOI lower-case without its resolver
    (`10.1000/xyz`), an OpenAlex id its short form (`W2741809807`), an ORCID put-code digits."""

    doi: str | None = None
    openalex: str | None = None
    orcid_put_code: str | None = None
    pmid: str | None = None


class FoundAuthor(Found):
    """One author as a source lists them: the name as written (`raw`), and where the source
    splits it, its given and family parts."""

    raw: str
    given: str = ""
    family: str = ""
    orcid: str | None = None  # 0000-0002-1825-0097, checksum valid
    openalex: str | None = None  # A5023888391
    affiliations: tuple[str, ...] = ()
    ror_ids: tuple[str, ...] = ()  # short form, 02jmfj006


class FoundWork(Found):
    """A work as one source has it."""

    source: SourceName
    title: str
    year: int | None = None
    kind: WorkKind = WorkKind.PUBLICATION
    venue: str = ""
    abstract: str = ""
    authors: tuple[FoundAuthor, ...] = ()
    ids: ExternalIds = ExternalIds()
    url: str | None = None


class FoundEmployment(Found):
    organization: str
    country: str | None = None  # ISO 3166-1 alpha-2
    ror_id: str | None = None
    role: str = ""
    start_year: int | None = None
    end_year: int | None = None


class FoundPerson(Found):
    """The person an identifier names (an ORCID record, an OpenAlex author)."""

    source: SourceName
    id: str  # the ORCID iD, or the OpenAlex author id (A…)
    given: str = ""
    family: str = ""
    credit_name: str = ""
    other_names: tuple[str, ...] = ()
    employments: tuple[FoundEmployment, ...] = ()
    keywords: tuple[str, ...] = ()
    orcid: str | None = None
    works_count: int | None = None
    deleted: bool = False  # OpenAlex serves merged and deleted authors as "Deleted Author"


class FileProblemCode(StrEnum):
    """What is wrong with a file or one of its entries; pages say it in words from the code,
    the English reason gives the details."""

    EMPTY_FILE = "empty_file"
    TOO_MANY_ENTRIES = "too_many_entries"
    NO_ENTRIES = "no_entries"
    UNREADABLE_FILE = "unreadable_file"  # the BibTeX splitter itself failed
    NOT_UTF8 = "not_utf8"  # read as Windows-1258
    UNREADABLE_CHARACTERS = "unreadable_characters"  # shown as U+FFFD
    UNBALANCED_BRACES = "unbalanced_braces"
    UNREADABLE_ENTRY = "unreadable_entry"
    OUTSIDE_RECORD = "outside_record"  # RIS text outside any TY … ER record
    NO_TITLE = "no_title"
    BAD_YEAR = "bad_year"


class FileProblem(Found):
    """An entry of a file that could not be read, and why: a code that pages say in words,
    and the details in English."""

    code: FileProblemCode
    line: int | None = None
    entry: str = ""  # its key or first words, for the reader to find it
    reason: str


class ParsedFile(Found):
    works: tuple[FoundWork, ...] = ()
    problems: tuple[FileProblem, ...] = Field(default=())
