"""One proposal per work across sources: the same DOI, then the same title and year whatever
the letter case, punctuation or accents; two different DOIs are never one work."""

from talent.imports.dedupe import deduplicate, merged, work_key
from talent.imports.models import Reason, ReasonKind
from talent.sources.models import ExternalIds, FoundAuthor, FoundWork, SourceName

ORCID = Reason(kind=ReasonKind.ORCID, value="0000-0002-1825-0097")
OPENALEX = Reason(kind=ReasonKind.OPENALEX, value="A5000000001")
FILE = Reason(kind=ReasonKind.FILE, value="mine.bib")


def work(source: SourceName, title: str, year: int | None = 2021, **ids: str) -> FoundWork:
    return FoundWork(source=source, title=title, year=year, ids=ExternalIds(**ids))


def test_the_same_doi_from_two_sources_is_one_proposal_with_both_reasons() -> None:
    a = work(
        SourceName.ORCID, "Deep learning for rice yield", doi="10.1000/rice.1", orcid_put_code="77"
    )
    b = work(
        SourceName.OPENALEX, "Deep Learning for Rice Yield", doi="10.1000/rice.1", openalex="W123"
    )
    (one,) = deduplicate([(a, [ORCID]), (b, [OPENALEX])])
    assert one.key == "doi:10.1000/rice.1"
    assert one.sources == [SourceName.ORCID, SourceName.OPENALEX]
    assert one.reasons == [ORCID, OPENALEX]
    assert one.work.ids == ExternalIds(doi="10.1000/rice.1", openalex="W123", orcid_put_code="77")


def test_title_and_year_join_a_copy_without_doi_and_the_doi_keys_the_work() -> None:
    bare = work(SourceName.BIBTEX, "Mô hình hoá  lũ: Sông Hồng!", 2019)
    with_doi = work(SourceName.CROSSREF, "Mo hinh hoa lu - song Hong", 2019, doi="10.5555/lu")
    (one,) = deduplicate([(bare, [FILE]), (with_doi, [ORCID])])
    assert one.key == "doi:10.5555/lu"
    assert one.sources == [SourceName.BIBTEX, SourceName.CROSSREF]


def test_same_title_other_year_or_other_doi_stays_apart() -> None:
    found = deduplicate(
        [
            (work(SourceName.ORCID, "Editorial", 2020, doi="10.1/a"), [ORCID]),
            (work(SourceName.ORCID, "Editorial", 2020, doi="10.2/b"), [ORCID]),
            (work(SourceName.ORCID, "Editorial", 2021), [ORCID]),
        ]
    )
    assert [p.key for p in found] == ["doi:10.1/a", "doi:10.2/b", "title:editorial|2021"]


def test_a_work_without_doi_or_year_is_keyed_by_its_folded_title() -> None:
    assert work_key(work(SourceName.RIS, "Đo lường  Ánh sáng", None)) == "title:do luong anh sang|"


def test_merge_keeps_what_the_first_has_and_fills_in_the_rest() -> None:
    first = work(SourceName.ORCID, "A", 2020, doi="10.1/a")
    second = FoundWork(
        source=SourceName.OPENALEX,
        title="a",
        year=2021,
        abstract="Tóm tắt",
        venue="Acta",
        authors=(FoundAuthor(raw="Nguyễn Thị Hương"),),
        ids=ExternalIds(openalex="W9"),
    )
    both = merged(first, second)
    assert (both.title, both.year, both.abstract, both.venue) == ("A", 2020, "Tóm tắt", "Acta")
    assert both.ids == ExternalIds(doi="10.1/a", openalex="W9")
    assert [a.raw for a in both.authors] == ["Nguyễn Thị Hương"]
