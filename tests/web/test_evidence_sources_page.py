"""The ministry's page of evidence by source: per technology group, the works of its experts
by origin and trust level and how fresh they are, in both languages, exported as CSV; leads
and experts are refused."""

import csv
import io
import re

from playwright.sync_api import Page, expect

from graph import GraphStore, Mode, Query
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from tests.web.browser import account, check_page, sign_in

PAGE = "/insights/evidence-sources"
SEEDER = Actor(id="test-seed", role="admin")
AI_GROUP_EN = "^Digital technology"


def _seed(store: GraphStore) -> None:
    """Two experts in the AI group; three works, one imported from ORCID."""
    ids = []
    for name in ("Nguyễn Thị Hương", "Trần Văn Bình"):
        item = ExpertCreate.model_validate(
            {
                "full_name": name,
                "country": "VN",
                "nationality": "VN",
                "skills": [{"skill_id": "machine-learning", "level": 4}],
            }
        )
        ids.append(service.create(repo=ExpertRepository(store), item=item, actor=SEEDER).id)
    works = ResourceRepository(store, WORK)
    for title, authors, source in (
        ("Học sâu cho tiếng Việt", ids, "imported"),
        ("Thị giác máy tính", [ids[0]], "self_declared"),
        ("Nhận dạng chữ viết tay", [ids[1]], "ministry_verified"),
    ):
        work = WorkCreate(title=title, author_ids=authors, source=source)
        made = service.create(repo=works, item=work, actor=SEEDER)
        if source == "imported":  # as the import sets it
            text = "MATCH (w:Work {id: $id}) SET w.origin = 'orcid'"
            store.run(Query(text, {"id": made.id}, Mode.WRITE))


def test_the_ministry_reads_evidence_by_source_and_exports_it(
    page: Page, store: GraphStore
) -> None:
    _seed(store)
    sign_in(page, account(store, Role.MINISTRY))
    page.goto(f"/lang/en?next={PAGE}")
    origin = page.get_by_role("table").first.get_by_role("row", name=re.compile(AI_GROUP_EN))
    # Experts, works, then ORCID, OpenAlex, Crossref, BibTeX, RIS, typed in by hand.
    expect(origin.get_by_role("cell")).to_have_text(["2", "3", "1", "0", "0", "0", "0", "2"])
    trust = page.get_by_role("table").nth(1).get_by_role("row", name=re.compile(AI_GROUP_EN))
    expect(trust.get_by_role("cell").nth(0)).to_have_text("1")  # self-declared
    expect(trust.get_by_role("cell").nth(2)).to_have_text("1")  # verified by a ministry
    expect(trust.get_by_role("cell").nth(3)).to_have_text("1")  # imported
    expect(trust.get_by_role("cell").nth(5)).to_have_text("3 (100%)")
    check_page(page, PAGE, "ministry-evidence-sources")
    page.goto(f"/lang/vi?next={PAGE}")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"evidence-by-source-\d{4}-\d{2}-\d{2}\.csv", name)
    path = download.value.path()
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nhóm công nghệ", "Chuyên gia", "Công trình", "ORCID"]
    assert rows[0][8] == "Nhập tay"
    ai = next(r for r in rows if r[1] == "2")
    assert ai[1:9] == ["2", "3", "1", "0", "0", "0", "0", "2"]


def test_leads_and_experts_may_not_open_it(page: Page, store: GraphStore) -> None:
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    response = page.goto(PAGE)
    assert response is not None
    assert response.status == 403
    assert page.request.get(f"{PAGE}/export?form=csv").status == 403
