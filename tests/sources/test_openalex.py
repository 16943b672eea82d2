"""The OpenAlex client over real HTTP: authors by id or ORCID iD, ids that changed, deleted
authors, works page by page, institutions, mailto on every request."""

from datetime import date

import pytest

from talent.resources.models import WorkKind
from talent.sources.errors import SourceMalformed, SourceNotFound
from talent.sources.models import (
    ExternalIds,
    FoundAuthor,
    FoundEmployment,
    FoundPerson,
    FoundWork,
    SourceName,
)
from talent.sources.openalex import OpenAlexClient, OpenAlexInstitution, abstract
from tests.sources.server import MAILTO, SourceServer

BINH = "A5100000001"
BINH_ORCID = "0000-0003-4561-237X"

BINH_PERSON = FoundPerson(
    source=SourceName.OPENALEX,
    id=BINH,
    credit_name="Trần Văn Bình",
    other_names=("Tran Van Binh", "Binh Tran Van", "B. V. Tran"),  # not the display name again
    orcid=BINH_ORCID,
    works_count=5,
    employments=(
        FoundEmployment(
            organization="Hue University",
            country="VN",
            ror_id="00qaa6j11",
            start_year=2020,
            end_year=2023,
        ),
        FoundEmployment(
            organization="Vietnam National University, Hanoi",
            country="VN",
            ror_id="02jmfj006",
            start_year=2017,
            end_year=2019,
        ),
    ),
)


def test_author_by_id_written_out(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        assert client.author(f"https://openalex.org/{BINH}") == BINH_PERSON
    (seen,) = sources.requests
    assert seen.path == f"/openalex/authors/{BINH}"
    assert seen.query == {"mailto": MAILTO}
    assert seen.headers["user-agent"] == sources.config().user_agent


def test_author_by_orcid_uses_the_documented_form(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        assert client.author(f"https://orcid.org/{BINH_ORCID}") == BINH_PERSON
    assert sources.requests[0].path == f"/openalex/authors/orcid:{BINH_ORCID}"


def test_a_replaced_author_id_reports_the_id_it_has_now(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        person = client.author("A5000000009")
    assert person.id == BINH
    assert [(s.path, s.query) for s in sources.requests] == [
        ("/openalex/authors/A5000000009", {"mailto": MAILTO}),
        (f"/openalex/authors/{BINH}", {"mailto": MAILTO}),  # mailto kept after the redirect
    ]


def test_a_deleted_author_is_marked_deleted(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        person = client.author("A5999999990")
    assert person == FoundPerson(
        source=SourceName.OPENALEX, id="A5999999990", credit_name="Deleted Author",
        works_count=0, deleted=True,
    )  # fmt: skip


def test_an_unknown_author_is_not_found(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client, pytest.raises(SourceNotFound):
        client.author("A5000000000")


@pytest.mark.parametrize("key", ["W4300000001", "Nguyễn Thị Hương", "0000-0003-4561-2370"])
def test_a_key_that_names_no_author_is_refused_before_any_request(
    sources: SourceServer, key: str
) -> None:
    with (
        OpenAlexClient(sources.config()) as client,
        pytest.raises(ValueError, match="neither an OpenAlex author id"),
    ):
        client.author(key)
    assert sources.requests == []


def test_works_read_every_page_and_stop(sources: SourceServer) -> None:
    sources.page_size = 2
    with OpenAlexClient(sources.config()) as client:
        works = list(client.works(BINH))
    assert [w.ids.openalex for w in works] == [
        "W4300000001",
        "W4300000002",
        "W4300000003",
        "W4300000004",
        "W4300000005",
    ]
    pages = [s.query for s in sources.requests]
    assert [p["cursor"] for p in pages] == ["*", "c2", "c4", "c6"]  # the 4th: empty, the end
    assert all(p["filter"] == f"author.id:{BINH}" for p in pages)
    assert all(p["per-page"] == "200" and p["mailto"] == MAILTO for p in pages)


def test_works_since_a_date_ask_only_for_updates(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        works = list(client.works(BINH, since=date(2025, 1, 1)))
    assert [w.ids.openalex for w in works] == ["W4300000001", "W4300000004", "W4300000005"]
    assert sources.requests[0].query["filter"] == (f"author.id:{BINH},from_updated_date:2025-01-01")


def test_one_work_written_out(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        first = next(iter(client.works(BINH)))
    assert first == FoundWork(
        source=SourceName.OPENALEX,
        title="Ảnh hưởng của biến đổi khí hậu đến năng suất lúa ở Thừa Thiên Huế",
        year=2022,
        venue="VNU Journal of Science: Agricultural Sciences",
        abstract="Biến đổi khí hậu làm giảm năng suất lúa vụ hè thu; lúa giống chịu hạn giúp ích.",
        authors=(
            FoundAuthor(
                raw="Tran Van Binh",  # as printed, not OpenAlex's display name
                orcid=BINH_ORCID,
                openalex=BINH,
                affiliations=("Trường Đại học Nông Lâm, Đại học Huế, Việt Nam",),
                ror_ids=("00qaa6j11",),
            ),
            FoundAuthor(
                raw="Lê Hoàng Phương",  # no raw name: the display name
                openalex="A5100000002",
                affiliations=("VNU University of Science, Hanoi", "Hue University"),
                ror_ids=("02jmfj006", "00qaa6j11"),
            ),
        ),
        ids=ExternalIds(doi="10.25073/2588-1140/vnuas.4567", openalex="W4300000001"),
        url="https://doi.org/10.25073/2588-1140/vnuas.4567",
    )


def test_kinds_pmid_landing_page_and_markup(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        works = {w.ids.openalex: w for w in client.works(BINH)}
    hydrology = works["W4300000002"]
    assert (hydrology.ids.doi, hydrology.ids.pmid) == (None, "34567890")
    assert hydrology.url == "https://example.vn/bai-bao/42"
    assert hydrology.venue == ""
    assert works["W4300000003"].kind == WorkKind.STANDARD
    assert works["W4300000005"].kind == WorkKind.PUBLICATION  # a dataset
    assert works["W4300000004"].title == "Drought index for the central coast of Vietnam"


def test_abstract_rebuilt_from_the_inverted_index() -> None:
    index = {"Mạng": [0], "nơ-ron": [1, 4], "cho": [2], "tiếng": [3]}
    assert abstract(index) == "Mạng nơ-ron cho tiếng nơ-ron"
    assert abstract(None) == ""


def test_a_work_with_5000_authors_is_read(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        (work,) = list(client.works("A5999999999"))
    assert len(work.authors) == 5000
    assert work.authors[4999] == FoundAuthor(
        raw="Tac Gia 4999",
        openalex="A5900004999",
        affiliations=("Đại học Quốc gia Hà Nội",),
        ror_ids=("02jmfj006",),
    )


def test_a_page_beyond_the_size_cap_is_malformed(sources: SourceServer) -> None:
    with (
        OpenAlexClient(sources.config(max_response_bytes=500_000)) as client,
        pytest.raises(SourceMalformed, match="openalex: answer larger than the limit of 500,000"),
    ):
        list(client.works("A5999999999"))


def test_a_wrong_author_id_is_refused_at_the_call(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client, pytest.raises(ValueError, match="W43"):
        client.works("W4300000001")  # not iterated: refused all the same
    assert sources.requests == []


def test_institution(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config()) as client:
        found = client.institution("https://openalex.org/I8888888801")
    assert found == OpenAlexInstitution(
        id="I8888888801", name="Hue University", ror="00qaa6j11", country="VN"
    )


def test_no_mailto_when_none_is_configured(sources: SourceServer) -> None:
    with OpenAlexClient(sources.config(mailto=None)) as client:
        client.author(BINH)
    assert sources.requests[0].query == {}
