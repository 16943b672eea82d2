"""An expert list's organisations by ROR: the ROR id first (any of its written forms), then the
exact name of an organisation in use, then ROR's register (a record's name in Vietnamese or
English, an acronym only in the row's country) leading to the organisation that carries the
record's id or is named as it; what is left is refused naming the column, with ROR's name of
the organisation to add. The register is read once per dry run, not per row."""

from collections.abc import Sequence
from typing import cast

import pytest

from graph import GraphStore
from graph.neo4j_store import Neo4jStore
from graph.query import Query
from graph.store import Row
from talent.accounts.models import AccountRead, Role
from talent.accounts.notices import Notices
from talent.audit.log import Action, Actor, AuditLog
from talent.bulk import running, service
from talent.bulk.columns import Field, guess_mapping
from talent.bulk.judging import judge_list
from talent.bulk.lookups import ror_of
from talent.bulk.models import ExpertList, RowReport
from talent.bulk.template import template
from talent.duplicates.checker import DuplicateChecker
from talent.experts.repository import ExpertRepository
from talent.organizations.register.repository import RorRepository
from talent.organizations.ror import parse_record
from talent.resources import service as resources
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.talent import ror_fixtures as f

OFFICER = AccountRead(
    id="officer-1",
    email="officer@example.org",
    role=Role.MINISTRY,
    name="Cán bộ",
    active=True,
    created_at=0,
)
ACTOR = Actor(id=OFFICER.id, role=OFFICER.role.value)
# A university abroad whose acronym is Hue University's.
HOWARD = "05gt1vc06"
UNKNOWN = "0abcdef12"
# Two universities abroad and at home sharing an English name.
DANANG = "04ng3cr41"
KOREA = "0575ya432"
DANANG_NAME = "The University of Danang - University of Science and Technology"


def _howard() -> dict[str, object]:
    return f.v2(
        HOWARD,
        [("Howard University", ["ror_display", "label"], "en"), ("HU", ["acronym"], None)],
        country="US",
    )


def _org(store: Neo4jStore, name: str, ror_id: str | None = None) -> str:
    item = OrganizationCreate(name=name, kind="university", country="VN", ror_id=ror_id)
    repo = ResourceRepository(store, ORGANIZATION)
    return resources.create(repo=repo, item=item, actor=ACTOR).id


def _same_name() -> list[dict[str, object]]:
    shared = ("University of Science and Technology", ["alias"], "en")
    danang = f.v2(
        DANANG,
        [
            (
                "The University of Danang - University of Science and Technology",
                ["ror_display"],
                "en",
            ),
            shared,
        ],
    )
    korea = f.v2(
        KOREA, [("University of Science and Technology", ["ror_display"], "en")], country="KR"
    )
    return [danang, korea]


@pytest.fixture
def orgs(store: Neo4jStore) -> dict[str, str]:
    """Two organisations in use, one carrying its ROR id; the register of five records."""
    found = {
        "hust": _org(store, "Đại học Bách khoa Hà Nội"),
        "vast": _org(store, "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", ror_id=f.VAST),
    }
    records = [f.hust(), f.vast(), f.hue_v1(), f.hcmut_abroad_acronym(), _howard(), *_same_name()]
    # Written without a load's linking: the list finds the university by the record's
    # Vietnamese name itself.
    RorRepository(store).upsert([parse_record(r) for r in records])
    return found


HEADERS = "Họ và tên,Thư điện tử,Quốc gia,Tổ chức,Mã ROR"
ROWS = [
    # 2: a bare id of a record no organisation carries; the university is named as it is.
    f"Nguyễn Thị Hương,huong@example.edu.vn,VN,,{f.HUST}",
    # 3: the id's URL form, carried by an organisation.
    f"Trần Văn Bình,binh@example.edu.vn,VN,,https://ror.org/{f.VAST}",
    # 4: without the scheme, in capitals.
    f"Lê Hoàng Phương,phuong@example.edu.vn,VN,,ROR.ORG/{f.VAST.upper()}",
    # 5: the Vietnamese name of an organisation in use.
    "Phạm Minh Tuấn,tuan@example.edu.vn,VN,Viện Hàn lâm Khoa học và Công nghệ Việt Nam,",
    # 6: the English name, which only ROR's record has.
    "Vũ Thị Lan,lan@example.edu.vn,Việt Nam,Hanoi University of Science and Technology,",
    # 7: an acronym in the row's country.
    "Đỗ Quang Huy,huy@example.edu.vn,VN,VAST,",
    # 8: the same acronym, the row in another country.
    "Hoàng Văn Nam,nam@example.edu.vn,US,VAST,",
    # 9: an acronym two records in the country share.
    "Bùi Thị Mai,mai@example.edu.vn,VN,HUST,",
    # 10: a record's English alias, no organisation in use for it.
    "Ngô Đức Thắng,thang@example.edu.vn,VN,University of Hue,",
    # 11: an acronym of a record abroad, the row there.
    "Đặng Thu Trang,trang@example.edu.vn,US,HU,",
    # 12: an id in ROR's form that nothing has.
    f"Trịnh Văn Long,long@example.edu.vn,VN,,https://ror.org/{UNKNOWN}",
    # 13: not a ROR id.
    "Lý Thị Hoa,hoa@example.edu.vn,VN,,ror-12345",
    # 14: a name and an id of different organisations.
    f"Đinh Công Minh,minh@example.edu.vn,VN,Viện Hàn lâm Khoa học và Công nghệ Việt Nam,{f.HUST}",
    # 15: a name and its own record's id, agreeing.
    f"Mai Anh Tuấn,anhtuan@example.edu.vn,VN,Đại học Bách khoa Hà Nội,{f.HUST}",
    # 16: a name nothing has.
    "Cao Thị Ngọc,ngoc@example.edu.vn,VN,Trường Không Tồn Tại,",
    # 17: a name records at home and abroad share: the one at home.
    "Phan Văn Khải,khai@example.edu.vn,VN,University of Science and Technology,",
    # 18: an acronym, the row without a country.
    "Tạ Thị Thu,thu@example.edu.vn,,VAST,",
]


def _listed(store: Neo4jStore, rows: Sequence[str] = ROWS) -> ExpertList:
    return service.upload(
        store=store,
        caller=OFFICER,
        data="\n".join([HEADERS, *rows]).encode(),
        filename="list.csv",
        max_bytes=1_000_000,
        max_rows=1_000,
    )


def _reports(store: Neo4jStore, listed: ExpertList) -> dict[int, RowReport]:
    chunks = judge_list(store, DuplicateChecker(store), listed)
    assert chunks is not None
    return {r.row: r for reports in chunks.values() for r in reports}


def _said(report: RowReport) -> tuple[str, ...]:
    if not report.problems:
        return (report.outcome.value,)
    p = report.problems[0]
    return (report.outcome.value, p.column, p.code)


def test_ror_ids_are_read_in_each_written_form() -> None:
    assert ror_of("02jmfj006") == "02jmfj006"
    assert ror_of(" https://ror.org/02jmfj006/ ") == "02jmfj006"
    assert ror_of("http://ror.org/02JMFJ006") == "02jmfj006"
    assert ror_of("ror.org/02jmfj006") == "02jmfj006"
    assert ror_of("https://www.ror.org/02jmfj006") == "02jmfj006"
    # Not ROR's alphabet (no i, l, o, u), not starting 0, not nine characters, another site.
    assert ror_of("02jmfjl06") is None
    assert ror_of("12jmfj006") is None
    assert ror_of("02jmfj0061") is None
    assert ror_of("https://example.org/02jmfj006") is None


def test_the_ror_column_is_guessed_in_either_language_and_in_the_template() -> None:
    headers = ["Họ và tên", "Mã ROR", "Tổ chức", "ROR"]
    assert guess_mapping(headers) == [Field.FULL_NAME, Field.ROR, Field.ORGANIZATION, None]
    assert guess_mapping(["ror id", "Tên"]) == [Field.ROR, Field.FULL_NAME]
    assert guess_mapping(["ROR"]) == [Field.ROR]
    table = template()
    headers_of: list[str] = [str(h) for h in table.headers]
    at = table.headers.index("Mã ROR / ROR ID")
    assert table.headers[at - 1] == "Tổ chức / Organisation"
    assert table.rows[0][at] == "https://ror.org/02jmfj006"
    assert guess_mapping(headers_of)[at] == Field.ROR


def test_the_dry_run_finds_organisations_by_ror_then_name_then_the_register(
    store: Neo4jStore, orgs: dict[str, str]
) -> None:
    reports = _reports(store, _listed(store))
    assert {row: _said(r) for row, r in reports.items()} == {
        2: ("created",),
        3: ("created",),
        4: ("created",),
        5: ("created",),
        6: ("created",),
        7: ("created",),
        8: ("refused", "Tổ chức", "unknown_organization"),
        9: ("refused", "Tổ chức", "unknown_organization"),
        10: ("created",),
        11: ("created",),
        12: ("refused", "Mã ROR", "unknown_ror"),
        13: ("refused", "Mã ROR", "invalid_ror"),
        14: ("refused", "Mã ROR", "ror_mismatch"),
        15: ("created",),
        16: ("refused", "Tổ chức", "unknown_organization"),
        17: ("created",),
        18: ("refused", "Quốc gia", "required"),
    }
    details = {row: r.problems[0].detail for row, r in reports.items() if r.problems}
    assert details[8] == "no organisation is named 'VAST'; add it first, or leave it out"
    assert details[9] == "2 ROR records are named 'HUST'; give the ROR id"
    # A record no organisation in use is yet: the organisation is made from it by the run.
    made = {row: r.new_organization for row, r in reports.items() if r.new_organization}
    assert made == {10: "Đại học Huế", 11: "Howard University", 17: DANANG_NAME}
    assert details[12] == (
        f"no organisation nor loaded ROR record has the id {UNKNOWN} (is ROR's register loaded?)"
    )
    assert details[13] == "'ror-12345' is not a ROR id (such as https://ror.org/02jmfj006)"
    assert details[14] == (
        f"'Viện Hàn lâm Khoa học và Công nghệ Việt Nam' has the ROR id {f.VAST}, not {f.HUST}"
    )
    assert details[16] == (
        "no organisation is named 'Trường Không Tồn Tại'; add it first, or leave it out"
    )
    # Without a country, an acronym names nothing.
    assert [(p.column, p.code, p.detail) for p in reports[18].problems] == [
        ("Quốc gia", "required", "the country of residence is required"),
        (
            "Tổ chức",
            "unknown_organization",
            "no organisation is named 'VAST'; add it first, or leave it out",
        ),
    ]


def test_a_record_only_id_without_a_name_makes_the_organisation_from_the_record(
    store: Neo4jStore, orgs: dict[str, str]
) -> None:
    listed = _listed(store, [f"Nguyễn Văn An,an@example.edu.vn,VN,,https://ror.org/{f.HUE}"])
    report = _reports(store, listed)[2]
    assert (_said(report), report.new_organization) == (("created",), "Đại học Huế")


def test_the_run_affiliates_each_row_with_the_organisation_found(
    store: Neo4jStore, orgs: dict[str, str]
) -> None:
    listed = _listed(store)

    def dispatch(_: Sequence[str]) -> None:
        pass

    importer = running.Importer(
        store=store,
        checker=DuplicateChecker(store),
        notices=Notices(store, dispatch, "http://talent.example"),
    )
    done = importer.import_list(list_id=listed.id, job_id="job-1", actor=ACTOR, invite=False)
    assert (done["created"], done["refused"]) == (10, 7)
    organizations = ResourceRepository(store, ORGANIZATION).page(after="", limit=100)
    made = {str(o.ror_id): o.id for o in organizations if o.ror_id}
    experts = ExpertRepository(store)
    by_email = {
        str(e.emails[0]): [a.organization_id for a in e.affiliations]
        for e in experts.page(after="", limit=100)
    }
    hust, vast = orgs["hust"], orgs["vast"]
    assert by_email == {
        "huong@example.edu.vn": [hust],
        "binh@example.edu.vn": [vast],
        "phuong@example.edu.vn": [vast],
        "tuan@example.edu.vn": [vast],
        "lan@example.edu.vn": [hust],
        "huy@example.edu.vn": [vast],
        "anhtuan@example.edu.vn": [hust],
        "thang@example.edu.vn": [made[f.HUE]],
        "trang@example.edu.vn": [made[HOWARD]],
        "khai@example.edu.vn": [made[DANANG]],
    }
    # Each made once from ROR's record (its Vietnamese name where ROR has one), audited.
    new = [o for o in organizations if o.id not in orgs.values()]
    assert sorted((o.name, o.country) for o in new) == [
        ("Howard University", "US"),
        (DANANG_NAME, "VN"),
        ("Đại học Huế", "VN"),
    ]
    created = AuditLog(store).page(target=made[f.HUE], before="", limit=10).items
    assert [e.action for e in created] == [Action.ORGANIZATION_CREATE]


class _Counting:
    """The store, counting the statements run through it."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store
        self.texts: list[str] = []

    def run(self, query: Query) -> list[Row]:
        self.texts.append(query.text)
        return self.store.run(query)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_the_register_is_read_once_per_dry_run_not_per_row(
    store: Neo4jStore, orgs: dict[str, str]
) -> None:
    listed = _listed(store, ROWS * 3)
    counting = _Counting(store)
    chunks = judge_list(cast(GraphStore, counting), DuplicateChecker(store), listed)
    assert chunks is not None
    assert sum(len(c) for c in chunks.values()) == 3 * len(ROWS)
    reads = [t for t in counting.texts if "RorRecord" in t or "RorName" in t]
    assert len(reads) == 1
