"""The Crossref client over real HTTP: a work by DOI (any written form, SICI DOIs encoded),
Vietnamese authors with ORCID iDs, JATS abstracts, years, and DOIs that resolve to nothing."""

import unicodedata

import pytest

from talent.sources.crossref import CrossrefClient, doi_path, parse_work
from talent.sources.errors import SourceMalformed, SourceNotFound
from talent.sources.models import ExternalIds, FoundAuthor, FoundWork, SourceName
from talent.sources.values import bare_orcid, normalise_doi, plain
from tests.sources.server import MAILTO, SourceServer

DOI = "10.25073/2588-1140/vnuas.4567"
SICI = "10.1890/0012-9615(2001)071[0001:MFIVRF]2.0.CO;2"


def test_a_work_written_out(sources: SourceServer) -> None:
    with CrossrefClient(sources.config()) as client:
        work = client.work("https://doi.org/10.25073/2588-1140/VNUAS.4567")
    assert work == FoundWork(
        source=SourceName.CROSSREF,
        title="Ảnh hưởng của biến đổi khí hậu đến năng suất lúa ở Thừa Thiên Huế",
        year=2022,
        venue="VNU Journal of Science: Agricultural Sciences",
        abstract="Biến đổi khí hậu làm giảm năng suất lúa vụ hè thu; giống lúa chịu hạn giúp "
        "ích. Climate change lowers summer\u2013autumn rice yields & drought-tolerant varieties help.",
        authors=(
            FoundAuthor(
                raw="Văn Bình Trần",
                given="Văn Bình",
                family="Trần",
                orcid="0000-0003-4561-237X",  # from http://orcid.org/…
                affiliations=("Trường Đại học Nông Lâm, Đại học Huế",),
            ),
            FoundAuthor(
                raw="Hoàng Phương Lê",
                given="Hoàng Phương",
                family="Lê",
                orcid="0000-0001-7788-990X",
                affiliations=(
                    "Trường Đại học Khoa học Tự nhiên, Đại học Quốc gia Hà Nội",
                    "Đại học Huế",
                ),
            ),
            FoundAuthor(raw="Nhóm nghiên cứu Nông nghiệp Thông minh"),  # an organisation
        ),
        ids=ExternalIds(doi=DOI),
        url=f"https://doi.org/{DOI}",
    )
    (seen,) = sources.requests
    assert seen.path == f"/crossref/works/{DOI}"
    assert seen.query == {"mailto": MAILTO}
    assert seen.headers["user-agent"] == sources.config().user_agent


def test_a_sici_doi_is_percent_encoded(sources: SourceServer) -> None:
    with CrossrefClient(sources.config()) as client:
        work = client.work(SICI)
    assert work.title == "Mangrove forests in Vietnam's Red River delta"
    assert work.year == 2001  # only `issued`
    assert work.authors[1] == FoundAuthor(raw="Nguyen The Hung", given="Nguyen The", family="Hung")
    (seen,) = sources.requests
    assert seen.raw_path == (
        "/crossref/works/10.1890/0012-9615%282001%29071%5B0001%3Amfivrf%5D2.0.co%3B2"
    )


def test_doi_path_encodes_what_would_change_the_url() -> None:
    assert doi_path("10.1000/a#b?c%d&e") == "works/10.1000/a%23b%3Fc%25d%26e"


def test_a_doi_that_resolves_to_nothing_is_not_found_at_once(sources: SourceServer) -> None:
    with (
        CrossrefClient(sources.config()) as client,
        pytest.raises(SourceNotFound, match="crossref: no record at"),
    ):
        client.work("10.9999/does-not-exist")
    assert len(sources.requests) == 1


@pytest.mark.parametrize("value", ["not a doi", "11.1000/x", ""])
def test_a_value_that_is_not_a_doi_is_refused_before_any_request(
    sources: SourceServer, value: str
) -> None:
    with (
        CrossrefClient(sources.config()) as client,
        pytest.raises(ValueError, match="is not a DOI"),
    ):
        client.work(value)
    assert sources.requests == []


def test_a_work_without_a_title_is_malformed(sources: SourceServer) -> None:
    # An envelope that is not a work at all.
    sources.fail(f"/crossref/works/{DOI}", 200, body='{"status": "failed", "message": []}')
    with CrossrefClient(sources.config()) as client, pytest.raises(SourceMalformed):
        client.work(DOI)


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("http://dx.doi.org/10.1000/ABC", "10.1000/abc"),
        ("doi:10.1000/ABC", "10.1000/abc"),
        ("DOI: 10.1000/ABC ", "10.1000/abc"),
        ("10.1000/abc", "10.1000/abc"),
        ("https://example.org/10.1000/abc", None),
        ("ABC", None),
        (None, None),
    ],
)
def test_doi_normalisation(written: str | None, normal: str | None) -> None:
    assert normalise_doi(written) == normal


def test_orcid_urls_become_bare_ids_and_bad_ones_nothing() -> None:
    assert bare_orcid("http://orcid.org/0000-0003-4561-237x") == "0000-0003-4561-237X"
    assert bare_orcid("https://orcid.org/0000-0003-4561-2370") is None  # wrong check digit
    assert bare_orcid("") is None


def test_jats_and_html_are_stripped() -> None:
    assert plain("<jats:p>A &amp; <jats:italic>B</jats:italic></jats:p>\n <p>C</p>") == "A & B C"


def test_decomposed_vietnamese_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    assert decomposed != "Nguyễn Thị Hương"
    assert plain(decomposed) == "Nguyễn Thị Hương"


@pytest.mark.parametrize(
    ("dates", "year"),
    [
        ({"published": {"date-parts": [[2020, 8]]}, "issued": {"date-parts": [[2019]]}}, 2020),
        ({"published-print": {"date-parts": [[2018, 1, 2]]}}, 2018),
        ({"issued": {"date-parts": [[None]]}, "created": {"date-parts": [[2007, 7, 27]]}}, 2007),
        ({}, None),
    ],
)
def test_year_from_the_first_date_present(dates: dict[str, object], year: int | None) -> None:
    work = parse_work({"title": ["T"], **dates})
    assert work is not None
    assert work.year == year
