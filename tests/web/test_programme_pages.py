"""A programme's pages over HTTP, as a browser's form posts send them: the programme page names
its technology groups in the page's language and its contractors; its lead edits it (a stale
edit comes back as typed with 409), closes it and undoes the close, adds and removes
contractors, deletes it and its roles only after a confirmation (refused, with the reason,
where the API refuses); a role's full match runs with weights chosen for that run. Each page
answers each kind of caller as the API's operation does. Expected values are written out."""

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import signed_in
from tests.matching.helpers import API, expert, organization

SESSION_COOKIE = "talent_session"
CSRF_COOKIE = "talent_csrf"
CSRF_FIELD = "csrf_token"
CHIPS = "qd21-2026:g06"
DIGITAL = "qd21-2026:g01"
ROBOTS = "qd21-2026:g03"
ORG = "Công ty Cổ phần Vi mạch Sài Gòn"


@dataclass
class Person:
    """One account, through the API (its bearer token) and through the pages (the same token
    as the page session's cookie, English unless asked)."""

    api: httpx.Client
    pages: httpx.Client

    def get(self, path: str, language: str = "en") -> httpx.Response:
        return self.pages.get(path, headers={"accept-language": language})

    def post(self, path: str, data: Mapping[str, str | list[str]]) -> httpx.Response:
        token = str(self.pages.cookies.get(CSRF_COOKIE))
        return self.pages.post(
            path,
            data={**data, CSRF_FIELD: token},
            headers={"accept-language": "en"},
            follow_redirects=False,
        )


MakePerson = Callable[..., Person]


@pytest.fixture
def person(base_url: str, store: Neo4jStore) -> Iterator[MakePerson]:
    made: list[httpx.Client] = []

    def make(role: Role, expert_id: str | None = None) -> Person:
        api = signed_in(base_url, store, role, expert_id=expert_id)
        token = api.headers["authorization"].removeprefix("Bearer ")
        pages = httpx.Client(base_url=base_url, cookies={SESSION_COOKIE: token}, timeout=30)
        pages.get("/")  # the CSRF cookie, as any page hands it out
        made.extend([api, pages])
        return Person(api, pages)

    yield make
    for client in made:
        client.close()


def _programme(lead: Person, **fields: object) -> str:
    body = {"name": "Chương trình vi mạch", "description": "Thiết kế chip.", **fields}
    response = lead.api.post(f"{API}/programmes", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _role(lead: Person, programme_id: str, title: str = "Kỹ sư trưởng") -> str:
    body = {"programme_id": programme_id, "title": title}
    response = lead.api.post(f"{API}/roles", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _stored(person: Person, path: str) -> dict[str, object]:
    response = person.api.get(f"{API}{path}")
    assert response.status_code == 200, response.text
    found: dict[str, object] = response.json()
    return found


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "no version on the page"
    return found.group(1)


def _text(html: str) -> str:
    """The page's text, tags dropped and spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_programme_page_names_its_groups_in_the_page_language_and_its_contractors(
    person: MakePerson,
) -> None:
    admin, lead = person(Role.ADMIN), person(Role.PROGRAMME_LEAD)
    org = organization(admin.api, ORG)
    programme = _programme(lead, tech_group_ids=[CHIPS, DIGITAL], contractor_ids=[org])

    vietnamese = _text(lead.get(f"/programmes/{programme}", "vi").text)
    assert (
        "Các nhóm công nghệ chiến lược mà chương trình hướng tới "
        "1. Công nghệ số 6. Công nghệ chip bán dẫn Nhà thầu"
    ) in vietnamese
    assert "Sửa chương trình Kết thúc chương trình Xóa chương trình" in vietnamese
    assert "Semiconductor" not in vietnamese
    assert ORG in vietnamese
    english = _text(lead.get(f"/programmes/{programme}").text)
    assert "6. Semiconductor chips" in english
    assert "Edit the programme" in english

    # Ministry staff read it, groups and contractors included, with no control to change it.
    ministry = person(Role.MINISTRY)
    seen = ministry.get(f"/programmes/{programme}")
    assert seen.status_code == 200
    assert "6. Semiconductor chips" in _text(seen.text)
    assert ORG in seen.text
    for control in ("Edit the programme", "Close the programme", "Delete the programme", "Remove"):
        assert control not in seen.text, control


def test_a_lead_edits_the_programme_and_a_stale_edit_comes_back_as_typed(
    person: MakePerson,
) -> None:
    admin, lead = person(Role.ADMIN), person(Role.PROGRAMME_LEAD)
    org = organization(admin.api, ORG)
    programme = _programme(lead, tech_group_ids=[DIGITAL])
    form = lead.get(f"/programmes/{programme}/edit")
    assert form.status_code == 200
    opened = _version(form.text)
    assert opened == "1"

    # Bad input: each field named, nothing stored.
    refused = lead.post(
        f"/programmes/{programme}/edit",
        {"version": opened, "name": "", "status": "active", "contractors": "Viện Không Có Thật"},
    )
    assert refused.status_code == 422
    assert 'id="e-name">Give the programme a name.' in refused.text
    assert 'id="e-contractors">No organisation is named: Viện Không Có Thật.' in refused.text
    assert _stored(lead, f"/programmes/{programme}")["version"] == 1

    saved = lead.post(
        f"/programmes/{programme}/edit",
        {
            "version": opened,
            "name": "Chương trình chip quốc gia",
            "description": "Thiết kế và chế tạo chip.",
            "status": "active",
            "groups": [CHIPS, ROBOTS],
            # Typed without diacritics: found by name all the same.
            "contractors": "Cong ty Co phan Vi mach Sai Gon",
        },
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/programmes/{programme}?done=saved"
    now = _stored(lead, f"/programmes/{programme}")
    assert now["name"] == "Chương trình chip quốc gia"
    assert now["description"] == "Thiết kế và chế tạo chip."
    assert now["status"] == "active"
    assert now["tech_group_ids"] == [CHIPS, ROBOTS]
    assert now["contractor_ids"] == [org]
    assert now["version"] == 2
    assert "The programme is saved." in lead.get(saved.headers["location"]).text

    # The second tab saves from version 1: its form comes back as typed, nothing stored.
    stale = lead.post(
        f"/programmes/{programme}/edit",
        {"version": opened, "name": "Tên từ tab cũ", "status": "planned", "groups": [DIGITAL]},
    )
    assert stale.status_code == 409
    assert "Someone else changed this since you opened it." in stale.text
    assert 'value="Tên từ tab cũ"' in stale.text
    assert 'id="n-name">Now: Chương trình chip quốc gia' in stale.text
    assert 'id="n-status">Now: active' in stale.text
    assert f'id="n-contractors">Now: {ORG}' in stale.text
    assert _version(stale.text) == "2"
    assert _stored(lead, f"/programmes/{programme}")["name"] == "Chương trình chip quốc gia"
    # Saved again, the form applies over the current version.
    again = lead.post(
        f"/programmes/{programme}/edit",
        {"version": "2", "name": "Tên từ tab cũ", "status": "planned", "groups": [DIGITAL]},
    )
    assert again.status_code == 303
    now = _stored(lead, f"/programmes/{programme}")
    assert (now["name"], now["contractor_ids"], now["version"]) == ("Tên từ tab cũ", [], 3)


def test_a_lead_closes_the_programme_and_undoes_it(person: MakePerson) -> None:
    lead = person(Role.PROGRAMME_LEAD)
    programme = _programme(lead, status="active")
    closed = lead.post(f"/programmes/{programme}/status", {"version": "1", "status": "closed"})
    assert closed.status_code == 303
    assert closed.headers["location"] == f"/programmes/{programme}?done=closed&was=active"
    assert _stored(lead, f"/programmes/{programme}")["status"] == "closed"
    page = lead.get(closed.headers["location"]).text
    assert "The programme is closed." in page
    assert "Undo: reopen it" in page
    assert "Close the programme" not in page

    # A close sent from a page older than the change is refused, the programme shown as it is.
    late = lead.post(f"/programmes/{programme}/status", {"version": "1", "status": "closed"})
    assert late.status_code == 409
    assert "Someone else changed this programme since you opened the page" in late.text

    undone = lead.post(f"/programmes/{programme}/status", {"version": "2", "status": "active"})
    assert undone.status_code == 303
    assert _stored(lead, f"/programmes/{programme}")["status"] == "active"
    assert "The programme is open again." in lead.get(undone.headers["location"]).text
    bad = lead.post(f"/programmes/{programme}/status", {"version": "3", "status": "finished"})
    assert bad.status_code == 422
    assert _stored(lead, f"/programmes/{programme}")["version"] == 3


def test_a_lead_adds_and_removes_a_contractor_on_the_programme_page(person: MakePerson) -> None:
    admin, lead = person(Role.ADMIN), person(Role.PROGRAMME_LEAD)
    org = organization(admin.api, ORG)
    other = organization(admin.api, "Viện Vi mạch Hà Nội")
    programme = _programme(lead, contractor_ids=[other])
    unknown = lead.post(
        f"/programmes/{programme}/contractors", {"version": "1", "add": "Công ty Ma"}
    )
    assert unknown.status_code == 422
    assert 'value="Công ty Ma"' in unknown.text
    assert 'id="e-add">No organisation has this name' in unknown.text
    added = lead.post(
        f"/programmes/{programme}/contractors",
        {"version": "1", "add": "cong ty co phan vi mach sai gon"},
    )
    assert added.status_code == 303
    assert added.headers["location"] == f"/programmes/{programme}?done=contractor-added#contractors"
    assert _stored(lead, f"/programmes/{programme}")["contractor_ids"] == [other, org]
    assert "The contractor is added." in lead.get(added.headers["location"]).text
    stale = lead.post(f"/programmes/{programme}/contractors", {"version": "1", "remove": org})
    assert stale.status_code == 409
    removed = lead.post(f"/programmes/{programme}/contractors", {"version": "2", "remove": other})
    assert removed.status_code == 303
    assert _stored(lead, f"/programmes/{programme}")["contractor_ids"] == [org]


def test_a_programme_is_deleted_only_as_confirmed_with_what_it_owns(person: MakePerson) -> None:
    admin, lead = person(Role.ADMIN), person(Role.PROGRAMME_LEAD)
    programme = _programme(lead)
    role = _role(lead, programme)
    candidate = expert(admin.api, full_name="Đỗ Minh Châu")
    decided = lead.api.post(
        f"{API}/roles/{role}/shortlist", json={"expert_id": candidate, "reason": "Hồ sơ tốt"}
    )
    assert decided.status_code in (200, 201), decided.text

    asked = lead.get(f"/programmes/{programme}/delete")
    assert asked.status_code == 200
    text = _text(asked.text)
    assert "Delete the programme Chương trình vi mạch?" in text
    assert "These go with it: 1 decision (shortlisted or rejected candidates) 1 role" in text
    assert 'name="owned" value="decisions:1,roles:1"' in asked.text
    assert _stored(lead, f"/programmes/{programme}")["id"] == programme  # nothing deleted yet

    path = f"/programmes/{programme}/delete"
    unconfirmed = lead.post(path, {"owned": "decisions:1,roles:1", "cascade": "on"})
    assert unconfirmed.status_code == 422
    assert (
        "Nothing was deleted: confirm the deletion with the button on this page."
        in unconfirmed.text
    )
    # Where the API refuses (without cascade=true: it owns a role and a decision), so does the page.
    kept = lead.post(path, {"owned": "decisions:1,roles:1", "confirm": "yes"})
    assert kept.status_code == 409
    assert "Nothing was deleted: tick the box to delete all that is listed with it." in kept.text
    api_refusal = lead.api.delete(f"{API}/programmes/{programme}")
    assert api_refusal.status_code == 409
    # Confirmed on a page that listed less than it now owns: refused, the list shown again.
    older = lead.post(path, {"owned": "roles:1", "confirm": "yes", "cascade": "on"})
    assert older.status_code == 409
    assert "what it would take with it changed since this page was opened" in older.text
    assert _stored(lead, f"/programmes/{programme}")["id"] == programme
    assert _stored(lead, f"/roles/{role}")["id"] == role

    done = lead.post(path, {"owned": "decisions:1,roles:1", "confirm": "yes", "cascade": "on"})
    assert done.status_code == 303
    assert done.headers["location"] == "/programmes?done=deleted"
    assert lead.api.get(f"{API}/programmes/{programme}").status_code == 404
    assert lead.api.get(f"{API}/roles/{role}").status_code == 404
    assert "The programme is deleted." in lead.get(done.headers["location"]).text

    # A programme that owns nothing needs no box.
    empty = _programme(lead, name="Chương trình trống")
    assert "Nothing else goes with it." in lead.get(f"/programmes/{empty}/delete").text
    gone = lead.post(f"/programmes/{empty}/delete", {"owned": "", "confirm": "yes"})
    assert gone.status_code == 303
    assert lead.api.get(f"{API}/programmes/{empty}").status_code == 404


def test_a_role_is_deleted_after_its_confirmation(person: MakePerson) -> None:
    lead = person(Role.PROGRAMME_LEAD)
    programme = _programme(lead)
    role = _role(lead, programme, "Kiến trúc sư trưởng")
    kept = _role(lead, programme, "Kỹ sư trưởng")
    asked = lead.get(f"/roles/{role}/delete")
    assert asked.status_code == 200
    assert "Delete the role Kiến trúc sư trưởng?" in asked.text
    assert "Nothing else goes with it." in asked.text
    assert lead.post(f"/roles/{role}/delete", {"owned": ""}).status_code == 422
    assert _stored(lead, f"/roles/{role}")["id"] == role
    done = lead.post(f"/roles/{role}/delete", {"owned": "", "confirm": "yes"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/programmes/{programme}?done=role-deleted"
    assert lead.api.get(f"{API}/roles/{role}").status_code == 404
    page = lead.get(done.headers["location"]).text
    assert "The role is deleted." in page
    assert "Kỹ sư trưởng" in page
    assert _stored(lead, f"/roles/{kept}")["id"] == kept


def test_a_full_match_runs_with_the_weights_typed_for_it(person: MakePerson) -> None:
    lead = person(Role.PROGRAMME_LEAD)
    programme = _programme(lead)
    role = _role(lead, programme)
    editor = lead.get(f"/roles/{role}/edit").text
    # A chief engineer's preset, written out: skill 0.35, seniority 0.15, depth 1.5.
    assert re.search(r'id="f-skill" name="skill" type="number" value="0.35"', editor)
    assert re.search(r'id="f-seniority" name="seniority" type="number" value="0.15"', editor)
    assert re.search(r'id="f-depth" name="depth" type="number" value="1.5"', editor)
    preset = {
        "skill": "0.35",
        "evidence": "0.25",
        "seniority": "0.15",
        "network": "0.1",
        "availability": "0.1",
        "confidence": "0.05",
        "depth": "1.5",
    }
    path = f"/roles/{role}/weighted-match"
    bad = lead.post(path, {**preset, "skill": "nhiều", "depth": "9"})
    assert bad.status_code == 422
    assert 'id="e-skill">A weight is a number from 0 to 1.' in bad.text
    assert 'id="e-depth">The depth is a number from 0.25 to 3.' in bad.text
    assert 'value="nhiều"' in bad.text
    zeros = dict.fromkeys(preset, "0") | {"depth": "1"}
    nothing = lead.post(path, zeros)
    assert nothing.status_code == 422
    assert 'id="e-weights">At least one weight must be above 0.' in nothing.text
    assert lead.api.get(f"{API}/roles/{role}/match-runs").json() == []

    started = lead.post(path, {**preset, "skill": "0,6", "network": "0"})
    assert started.status_code == 303
    assert re.fullmatch(rf"/roles/{role}/jobs/[^/]+", started.headers["location"])
    runs = lead.api.get(f"{API}/roles/{role}/match-runs").json()
    assert len(runs) == 1
    assert runs[0]["params"] == {"limit": 1000, "weights": {"network": 0.0, "skill": 0.6}}


# Who gets what, written out: the API's answer to the same operation on the same programme.
EXPECTED = {"owner": 200, "other lead": 404, "ministry": 403, "admin": 200, "expert": 403}


def test_each_caller_gets_from_the_pages_what_the_api_gives_them(person: MakePerson) -> None:
    owner, admin = person(Role.PROGRAMME_LEAD), person(Role.ADMIN)
    programme = _programme(owner)
    role = _role(owner, programme)
    profile = expert(admin.api, full_name="Lê Thị Hồng Nhung")
    callers = {
        "owner": owner,
        "other lead": person(Role.PROGRAMME_LEAD),
        "ministry": person(Role.MINISTRY),
        "admin": admin,
        "expert": person(Role.EXPERT, expert_id=profile),
    }
    for name, caller in callers.items():
        wanted = EXPECTED[name]
        api_patch = caller.api.patch(f"{API}/programmes/{programme}", json={})
        assert api_patch.status_code == wanted, name
        for path in (f"/programmes/{programme}/edit", f"/programmes/{programme}/delete"):
            assert caller.get(path).status_code == wanted, (name, path)
        api_role = caller.api.patch(f"{API}/roles/{role}", json={})
        assert api_role.status_code == wanted, name
        assert caller.get(f"/roles/{role}/delete").status_code == wanted, name
        # Posts the caller may not send change nothing: refused before the form is read.
        if wanted != 200:
            for path, body in [
                (f"/programmes/{programme}/edit", {"name": "Đổi tên", "status": "planned"}),
                (f"/programmes/{programme}/status", {"status": "closed"}),
                (f"/programmes/{programme}/contractors", {"remove": "x"}),
                (f"/programmes/{programme}/delete", {"owned": "roles:1", "confirm": "yes"}),
                (f"/roles/{role}/delete", {"owned": "", "confirm": "yes"}),
                (f"/roles/{role}/weighted-match", {"skill": "1"}),
            ]:
                assert caller.post(path, body).status_code == wanted, (name, path)
    stored = _stored(owner, f"/programmes/{programme}")
    assert (stored["name"], stored["status"]) == ("Chương trình vi mạch", "planned")
    assert _stored(owner, f"/roles/{role}")["id"] == role
    assert owner.api.get(f"{API}/roles/{role}/match-runs").json() == []


# English source texts of these pages, none of which a Vietnamese page may show.
ENGLISH = (
    "Edit the programme",
    "Close the programme",
    "Delete the programme",
    "Contractors",
    "Add the contractor",
    "Save the programme",
    "Back without saving",
    "Delete permanently",
    "Keep it",
    "go with it",
    "cannot be undone",
    "full match",
    "Preset",
    "Depth of skill levels",
    "Strategic technology groups",
    "Title of the role",
)


def test_the_programme_pages_are_all_vietnamese_on_a_vietnamese_page(
    person: MakePerson,
) -> None:
    admin, lead = person(Role.ADMIN), person(Role.PROGRAMME_LEAD)
    org = organization(admin.api, ORG)
    programme = _programme(lead, tech_group_ids=[CHIPS], contractor_ids=[org])
    role = _role(lead, programme)
    pages = {
        f"/programmes/{programme}": "Nhà thầu",
        f"/programmes/{programme}/edit": "Lưu chương trình",
        f"/programmes/{programme}/delete": "Xóa chương trình Chương trình vi mạch?",
        f"/roles/{role}/delete": "Xóa vị trí Kỹ sư trưởng?",
        f"/roles/{role}/edit": "Mặc định: 0,35",
    }
    for path, words in pages.items():
        shown = _text(lead.get(path, "vi").text)
        assert words in shown, path
        assert [english for english in ENGLISH if english in shown] == [], path
