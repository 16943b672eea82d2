"""The ORCID client over real HTTP: the person, employments, works one per group, the iD
checked before any request, and ORCID sign-in."""

from urllib.parse import parse_qs

import pytest

from talent.resources.models import WorkKind
from talent.sources.errors import SourceNotFound
from talent.sources.http import SourceRefused
from talent.sources.models import ExternalIds, FoundEmployment, FoundPerson, FoundWork, SourceName
from talent.sources.orcid import OrcidClient, parse_employment, parse_group
from tests.sources.server import SourceServer

HUONG = "0000-0002-1234-5677"


def test_person_names_keywords_and_employments(sources: SourceServer) -> None:
    with OrcidClient(sources.config()) as client:
        person = client.person(f"https://orcid.org/{HUONG}")
    assert person == FoundPerson(
        source=SourceName.ORCID,
        id=HUONG,
        orcid=HUONG,
        given="Thị Hương",
        family="Nguyễn",
        credit_name="Nguyễn Thị Hương",
        other_names=("Nguyen Thi Huong", "T. H. Nguyen", "Huong Nguyen Thi"),
        keywords=("xử lý ngôn ngữ tự nhiên", "học máy", "Vietnamese speech recognition"),
        employments=(
            FoundEmployment(
                organization="Đại học Quốc gia Hà Nội",
                country="VN",
                ror_id="02jmfj006",
                role="Phó Giáo sư",
                start_year=2016,
            ),
            # Disambiguated by GRID, not ROR: no ROR id is made up.
            FoundEmployment(
                organization="Đại học Bách khoa Hà Nội",
                country="VN",
                role="Giảng viên",
                start_year=2010,
                end_year=2016,
            ),
        ),
    )
    assert [s.path for s in sources.requests] == [
        f"/orcid/v3.0/{HUONG}/person",
        f"/orcid/v3.0/{HUONG}/employments",
    ]
    for seen in sources.requests:
        assert seen.headers["accept"] == "application/vnd.orcid+json"
        assert seen.headers["user-agent"] == sources.config().user_agent
        assert seen.query == {}  # ORCID takes no mailto


def test_works_one_per_group_written_out(sources: SourceServer) -> None:
    with OrcidClient(sources.config()) as client:
        works = client.works(HUONG)
    assert works == [
        # Two sources, the researcher's own version preferred (display-index 1): its title,
        # year and journal; the DOI from the Crossref member, normalised.
        FoundWork(
            source=SourceName.ORCID,
            title="Vietnamese word segmentation with conditional random fields",
            year=2020,
            venue="VNU Journal of Science",
            ids=ExternalIds(doi="10.25073/2588-1086/vnucsce.301", orcid_put_code="90002"),
            url="https://doi.org/10.25073/2588-1086/vnucsce.301",
        ),
        # Two sources tied: the first listed (Europe PMC), with its PMID.
        FoundWork(
            source=SourceName.ORCID,
            title="Tonal features for Vietnamese speech recognition in noisy conditions",
            year=2019,
            venue="Computer Speech & Language",
            ids=ExternalIds(
                doi="10.1016/j.csl.2019.101010", orcid_put_code="90003", pmid="31234567"
            ),
            url="https://doi.org/10.1016/j.csl.2019.101010",
        ),
        FoundWork(
            source=SourceName.ORCID,
            title="Hệ thống nhận dạng tiếng nói tiếng Việt cho tổng đài tự động",
            year=2021,
            kind=WorkKind.PATENT,
            ids=ExternalIds(orcid_put_code="90005"),
        ),
        # The proceedings' DOI is 'part-of': not this paper's.
        FoundWork(
            source=SourceName.ORCID,
            title="Named entity recognition for Vietnamese news",
            year=2018,
            venue="2018 10th International Conference on Knowledge and Systems Engineering (KSE)",
            ids=ExternalIds(orcid_put_code="90006"),
        ),
    ]
    assert sources.requests[0].headers["accept"] == "application/vnd.orcid+json"


@pytest.mark.parametrize(("source", "ror"), [("ROR", "02jmfj006"), ("GRID", None)])
def test_a_ror_id_only_where_orcid_says_its_source_is_ror(source: str, ror: str | None) -> None:
    organization = {
        "name": "Đại học Quốc gia Hà Nội",
        "address": {"country": "VN"},
        "disambiguated-organization": {
            "disambiguated-organization-identifier": "https://ror.org/02jmfj006",
            "disambiguation-source": source,
        },
    }
    employment = parse_employment({"organization": organization})
    assert employment is not None
    assert employment.ror_id == ror


def _summary(put_code: int, index: str, doi: str | None = None) -> dict[str, object]:
    ids = [{"external-id-type": "doi", "external-id-value": doi}] if doi else []
    return {
        "put-code": put_code,
        "display-index": index,
        "title": {"title": {"value": f"Bản {put_code}"}},
        "external-ids": {"external-id": ids},
    }


def test_a_group_takes_the_highest_display_index_and_any_members_doi() -> None:
    group = {"work-summary": [_summary(1, "0", "10.1000/A"), _summary(2, "7"), _summary(3, "2")]}
    work = parse_group(group)
    assert work is not None
    assert (work.title, work.ids.orcid_put_code, work.ids.doi) == ("Bản 2", "2", "10.1000/a")


def test_a_group_on_a_tie_takes_the_first_listed() -> None:
    work = parse_group({"work-summary": [_summary(8, "0"), _summary(9, "0")]})
    assert work is not None
    assert work.ids.orcid_put_code == "8"


def test_a_very_large_record_of_3000_groups_is_read(sources: SourceServer) -> None:
    with OrcidClient(sources.config()) as client:
        works = client.works("0000-0002-9999-9998")
    assert len(works) == 3000  # 300 groups hold two sources: still one work each
    assert works[10].ids == ExternalIds(doi="10.5555/big.10", orcid_put_code="100010")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0000-0002-1234-5678", "check digit is wrong"),
        ("0000-0002-1234", "looks like 0000-0002-1825-0097"),
    ],
)
def test_a_wrong_orcid_is_refused_before_any_request(
    sources: SourceServer, value: str, reason: str
) -> None:
    with OrcidClient(sources.config()) as client:
        with pytest.raises(ValueError, match=f"not a valid ORCID iD '{value}': .*{reason}"):
            client.works(value)
        with pytest.raises(ValueError, match=reason):
            client.person(value)
    assert sources.requests == []


def test_an_unknown_orcid_is_not_found(sources: SourceServer) -> None:
    with (
        OrcidClient(sources.config()) as client,
        pytest.raises(SourceNotFound, match="orcid: no record at"),
    ):
        client.person("0000-0003-0000-1233")


def test_authorize_url_asks_for_authenticate_only(sources: SourceServer) -> None:
    with OrcidClient(sources.config()) as client:
        url = client.authorize_url("https://talent.example.vn/orcid/callback", "st-123")
    site, _, query = url.partition("?")
    assert site == f"{sources.url}/orcid-site/oauth/authorize"
    assert parse_qs(query) == {
        "client_id": ["APP-TALENTGRAPH0001"],
        "response_type": ["code"],
        "scope": ["/authenticate"],
        "redirect_uri": ["https://talent.example.vn/orcid/callback"],
        "state": ["st-123"],
    }


def test_exchange_code_returns_the_orcid_and_name(sources: SourceServer) -> None:
    with OrcidClient(sources.config()) as client:
        found = client.exchange_code("good-code", "https://talent.example.vn/orcid/callback")
    assert found == (HUONG, "Nguyễn Thị Hương")
    (seen,) = sources.requests
    assert (seen.method, seen.path) == ("POST", "/orcid-site/oauth/token")
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.headers["accept"] == "application/json"
    assert parse_qs(seen.body.decode()) == {
        "client_id": ["APP-TALENTGRAPH0001"],
        "client_secret": ["test-secret"],
        "grant_type": ["authorization_code"],
        "code": ["good-code"],
        "redirect_uri": ["https://talent.example.vn/orcid/callback"],
    }


def test_a_bad_code_is_refused(sources: SourceServer) -> None:
    with (
        OrcidClient(sources.config()) as client,
        pytest.raises(SourceRefused, match=r"HTTP 400.*invalid_grant"),
    ):
        client.exchange_code("stolen-code", "https://talent.example.vn/orcid/callback")
    assert len(sources.requests) == 1


def test_sign_in_needs_both_credentials(sources: SourceServer) -> None:
    with OrcidClient(sources.config(orcid_client_secret=None)) as client:
        with pytest.raises(RuntimeError, match="client id and secret"):
            client.authorize_url("https://talent.example.vn/cb", "s")
        with pytest.raises(RuntimeError, match="client id and secret"):
            client.exchange_code("good-code", "https://talent.example.vn/cb")
    assert sources.requests == []
