"""An expert's works brought in through the real worker from the local ORCID, OpenAlex and
Crossref (tests/sources/server.py), proposed with why, accepted or rejected by the expert, and
never proposed twice. Expected titles and identifiers are read off the fixture records by hand."""

import time
from typing import Any

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.accounts.repository import AccountRepository
from talent.imports import service
from talent.imports.models import IdentifierLink, Scheme, Verdict
from talent.imports.repository import ImportRepository
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.sources.server import SourceServer

API = "/api/v1"
HUONG_ORCID = "0000-0002-1234-5677"
BINH_OPENALEX = "A5100000001"
BINH_ORCID = "0000-0003-4561-237X"
MANGROVE_DOI = "10.1890/0012-9615(2001)071[0001:MFIVRF]2.0.CO;2"
# The four works of Nguyễn Thị Hương's ORCID record (one group holds two sources), by put-code.
ORCID_WORKS = {
    "90002": "Vietnamese word segmentation with conditional random fields",
    "90003": "Tonal features for Vietnamese speech recognition in noisy conditions",
    "90005": "Hệ thống nhận dạng tiếng nói tiếng Việt cho tổng đài tự động",
    "90006": "Named entity recognition for Vietnamese news",
}
MANGROVE = "Mangrove forests in Vietnam's Red River delta"

pytestmark = pytest.mark.usefixtures("worker")


def _expert(admin: httpx.Client, name: str, orcid: str | None) -> str:
    body = expert_body(full_name=name, orcid=orcid, emails=[], skills=[])
    response = admin.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _finished(client: httpx.Client, expert_id: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = client.get(f"{API}/experts/{expert_id}/imports/{job_id}").json()
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def _import(client: httpx.Client, expert_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/experts/{expert_id}/imports", json=body)
    assert response.status_code == 202, response.text
    job = _finished(client, expert_id, response.json()["id"])
    assert job["state"] == "succeeded", job
    return dict(job["result"])


def _proposed(client: httpx.Client, expert_id: str, state: str = "proposed") -> dict[str, Any]:
    response = client.get(f"{API}/experts/{expert_id}/import-candidates", params={"state": state})
    assert response.status_code == 200, response.text
    return {c["work"]["title"]: c for c in response.json()["items"]}


@pytest.fixture
def huong(client: httpx.Client, as_role: SignIn) -> tuple[str, httpx.Client]:
    expert_id = _expert(client, "Nguyễn Thị Hương", HUONG_ORCID)
    return expert_id, as_role(Role.EXPERT, expert_id)


def test_orcid_and_dois_are_proposed_with_why_then_accepted_and_rejected_once(
    huong: tuple[str, httpx.Client], source_server: SourceServer, store: Neo4jStore
) -> None:
    expert_id, me = huong
    linked = me.put(
        f"{API}/experts/{expert_id}/identifiers", json={"scheme": "orcid", "value": HUONG_ORCID}
    )
    assert linked.status_code == 200, linked.text
    assert (linked.json()["authenticated"], linked.json()["verdict"]) == (False, "unsure")

    result = _import(me, expert_id, dois=[MANGROVE_DOI, "10.9999/nothing-here"])
    assert (result["found"], result["proposed"], result["accepted"]) == (5, 5, 0)
    (problem,) = result["problems"]
    assert (problem["source"], problem["kind"], problem["subject"]) == (
        "crossref",
        "not_found",
        "10.9999/nothing-here",
    )
    # ORCID's other names the profile does not list yet, as ORCID spells them ("Nguyen Thi
    # Huong" is the name itself without diacritics: matched anyway, so not suggested).
    assert result["suggested_variants"] == ["T. H. Nguyen", "Huong Nguyen Thi"]
    # ORCID is read with its own media type; Crossref with the contact address.
    assert (
        source_server.seen(f"/orcid/v3.0/{HUONG_ORCID}/works")[0].headers["accept"]
        == "application/vnd.orcid+json"
    )
    assert source_server.seen("/crossref/works/")[0].query["mailto"] == "lab@talentgraph.test"

    proposed = _proposed(me, expert_id)
    assert set(proposed) == {*ORCID_WORKS.values(), MANGROVE}
    mangrove = proposed[MANGROVE]
    assert mangrove["sources"] == ["crossref"]
    assert [(r["kind"], r["value"], r["detail"]) for r in mangrove["reasons"]] == [
        ("doi", "10.1890/0012-9615(2001)071[0001:mfivrf]2.0.co;2", ""),
        # Crossref splits the name (family Nguyễn, given Thị Hương): the parts agree exactly.
        ("name", "Thị Hương Nguyễn", "exact"),
    ]
    assert [r["kind"] for r in proposed[ORCID_WORKS["90002"]]["reasons"]] == ["orcid"]

    ids = {title: c["id"] for title, c in proposed.items()}
    decided = me.post(
        f"{API}/experts/{expert_id}/import-candidates/decisions",
        json={
            "accept": [ids[ORCID_WORKS["90002"]], ids[ORCID_WORKS["90003"]]],
            "reject": [ids[ORCID_WORKS["90005"]]],
        },
    )
    assert decided.status_code == 200, decided.text
    assert len(decided.json()["work_ids"]) == 2
    assert decided.json()["skipped"] == []

    # The same decisions again (a reload): nothing is decided twice.
    again = me.post(
        f"{API}/experts/{expert_id}/import-candidates/decisions",
        json={"accept": [ids[ORCID_WORKS["90002"]]]},
    )
    assert again.json()["skipped"] == [ids[ORCID_WORKS["90002"]]]

    work = me.get(f"{API}/works/{decided.json()['work_ids'][0]}").json()
    accepted = {work["title"]: work}
    work = me.get(f"{API}/works/{decided.json()['work_ids'][1]}").json()
    accepted[work["title"]] = work
    segmentation = accepted[ORCID_WORKS["90002"]]
    assert (segmentation["source"], segmentation["origin"], segmentation["orcid_put_code"]) == (
        "imported",
        "orcid",
        "90002",
    )
    assert segmentation["doi"] == "10.25073/2588-1086/vnucsce.301"
    assert segmentation["author_ids"] == [expert_id]
    assert segmentation["imported_at"]

    # Run again: the accepted are already there, the rejected is not proposed again.
    result = _import(me, expert_id, dois=[MANGROVE_DOI])
    assert (result["already_yours"], result["turned_down_before"]) == (2, 1)
    assert set(_proposed(me, expert_id)) == {ORCID_WORKS["90006"], MANGROVE}
    counts = me.get(f"{API}/experts/{expert_id}/import-candidates/counts").json()
    assert counts == {"proposed": 2, "accepted": 2, "rejected": 1}

    # "Not me": what the iD alone proposed is rejected; the DOI the expert gave stays.
    me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={"scheme": "orcid", "value": HUONG_ORCID, "verdict": "not_me"},
    )
    assert set(_proposed(me, expert_id)) == {MANGROVE}
    assert _import(me, expert_id, dois=[MANGROVE_DOI])["found"] == 1  # the iD is not read


def _prove(store: Neo4jStore, expert_id: str, orcid: str, verdict: str = "unsure") -> None:
    """What ORCID's sign-in does on the page's callback: the iD linked as proven."""
    (email,) = ImportRepository(store).owner(expert_id)[1]
    account = AccountRepository(store).open_by_email(email)
    assert account is not None
    item = IdentifierLink(scheme=Scheme.ORCID, value=orcid, verdict=Verdict(verdict))
    service.link(store, account, expert_id, item, authenticated=True)


def test_an_identifier_that_is_mine_brings_its_works_in_accepted_once_proven(
    client: httpx.Client, as_role: SignIn, source_server: SourceServer, store: Neo4jStore
) -> None:
    expert_id = _expert(client, "Trần Văn Bình", None)
    me = as_role(Role.EXPERT, expert_id)
    me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={
            "scheme": "openalex",
            "value": f"https://openalex.org/{BINH_OPENALEX}",
            "verdict": "me",
        },
    )
    # His ORCID iD (the one OpenAlex's record lists) typed in, not proven: anyone could
    # declare anyone's iD and author record. Proposed, not accepted.
    me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={"scheme": "orcid", "value": BINH_ORCID, "verdict": "me"},
    )
    result = _import(me, expert_id)
    assert (result["found"], result["proposed"], result["accepted"]) == (5, 5, 0)

    # The same iD proven through ORCID's sign-in: the same works arrive accepted, those still
    # proposed included.
    _prove(store, expert_id, BINH_ORCID, "me")
    result = _import(me, expert_id)
    assert (result["found"], result["proposed"], result["accepted"]) == (5, 0, 5)
    accepted = _proposed(me, expert_id, "accepted")
    rice = accepted["Ảnh hưởng của biến đổi khí hậu đến năng suất lúa ở Thừa Thiên Huế"]
    assert [(r["kind"], r["value"], r["via_orcid"]) for r in rice["reasons"]] == [
        ("openalex", BINH_OPENALEX, BINH_ORCID),
        ("name", "Tran Van Binh", ""),
    ]
    # OpenAlex lists his proven iD beside his name: that is how the name was recognised.
    assert rice["reasons"][1]["detail"] == "orcid"
    work = me.get(f"{API}/works/{rice['work_id']}").json()
    assert (work["origin"], work["openalex_id"], work["doi"]) == (
        "openalex",
        "W4300000001",
        "10.25073/2588-1140/vnuas.4567",
    )
    # OpenAlex was asked with the contact address, a page at a time.
    assert all(
        s.query.get("mailto") == "lab@talentgraph.test" for s in source_server.seen("/openalex/")
    )


def test_a_source_that_keeps_failing_is_named_and_the_rest_still_comes_in(
    huong: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, me = huong
    me.put(f"{API}/experts/{expert_id}/identifiers", json={"scheme": "orcid", "value": HUONG_ORCID})
    source_server.fail(f"/orcid/v3.0/{HUONG_ORCID}/person", 503)
    result = _import(me, expert_id, dois=[MANGROVE_DOI])
    assert result["proposed"] == 1
    (problem,) = result["problems"]
    assert (problem["source"], problem["kind"], problem["subject"]) == (
        "orcid",
        "unavailable",
        HUONG_ORCID,
    )
    # Retried as configured (2 retries), then given up: 3 requests, not one a second for ever.
    assert len(source_server.seen(f"/orcid/v3.0/{HUONG_ORCID}/person")) == 3
    source_server.clear()
    assert _import(me, expert_id)["proposed"] == 4  # once it answers, the works come in
    # Both runs show on /health among the day's jobs.
    assert me.get("/health").json()["jobs"]["work_import"]["succeeded"] == 2


BIBTEX = rb"""@article{huong2017,
  author = {Nguy{\~{\^e}}n, Th{\d i} H{\uhorn}{\ohorn}ng and Smith, John},
  title = {{Tone} modelling for {Vietnamese}},
  journal = {Speech Communication},
  year = {2017},
  doi = {10.1016/j.specom.2017.01.001}
}
@inproceedings{broken,
  title = {Unbalanced {braces,
  year = 2016
}
"""


def test_a_reference_file_is_read_at_once_and_its_works_proposed(
    huong: tuple[str, httpx.Client],
) -> None:
    expert_id, me = huong
    files = {"file": ("mine.bib", BIBTEX, "application/x-bibtex")}
    response = me.post(f"{API}/experts/{expert_id}/imports/file", files=files)
    assert response.status_code == 202, response.text
    job = _finished(me, expert_id, response.json()["id"])
    assert job["params"]["entries"] == 1
    assert len(job["params"]["problems"]) == 1
    (work,) = _proposed(me, expert_id).values()
    assert work["work"]["ids"]["doi"] == "10.1016/j.specom.2017.01.001"
    assert [r["kind"] for r in work["reasons"]] == ["file", "name"]

    empty = me.post(
        f"{API}/experts/{expert_id}/imports/file",
        files={"file": ("x.bib", b"@misc{a,", "text/plain")},
    )
    assert empty.status_code == 422
    assert "file" in empty.json()["fields"]
    other = me.post(
        f"{API}/experts/{expert_id}/imports/file",
        files={"file": ("x.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert other.status_code == 422
    assert "file" in other.json()["fields"]


def test_only_the_expert_and_admins_reach_an_experts_imports(
    huong: tuple[str, httpx.Client], as_role: SignIn, client: httpx.Client, anonymous: httpx.Client
) -> None:
    expert_id, _ = huong
    other = as_role(Role.EXPERT, _expert(client, "Lê Hoàng Phương", None))
    path = f"{API}/experts/{expert_id}/import-candidates"
    assert other.get(path).status_code == 404
    assert (
        other.put(
            f"{API}/experts/{expert_id}/identifiers", json={"scheme": "orcid", "value": HUONG_ORCID}
        ).status_code
        == 404
    )
    for role in (Role.PROGRAMME_LEAD, Role.MINISTRY):
        assert as_role(role).get(path).status_code == 403
    assert anonymous.get(path).status_code == 401
    assert client.get(path).status_code == 200  # an admin, on the expert's behalf


def test_a_wrong_orcid_checksum_is_refused_naming_the_field(
    huong: tuple[str, httpx.Client],
) -> None:
    expert_id, me = huong
    response = me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={"scheme": "orcid", "value": "0000-0002-1234-5678"},
    )
    assert response.status_code == 422
    assert "check digit" in response.text
    assert me.get(f"{API}/experts/{expert_id}/identifiers").json() == []


def test_an_openalex_id_that_was_replaced_is_followed_and_the_link_moves(
    client: httpx.Client, as_role: SignIn, source_server: SourceServer, store: Neo4jStore
) -> None:
    """OpenAlex replaced its author ids in 2023: the old one answers 301 to the new record."""
    expert_id = _expert(client, "Trần Văn Bình", None)
    me = as_role(Role.EXPERT, expert_id)
    me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={"scheme": "openalex", "value": "A5000000009", "verdict": "me", "notify": True},
    )
    _prove(store, expert_id, BINH_ORCID)
    result = _import(me, expert_id, dois=[])
    assert result["moved"] == {"A5000000009": BINH_OPENALEX}
    assert (result["accepted"], result["proposed"]) == (5, 0)  # still trusted under its new id
    links = me.get(f"{API}/experts/{expert_id}/identifiers").json()
    moved = [(i["value"], i["verdict"], i["notify"]) for i in links if i["scheme"] == "openalex"]
    assert moved == [(BINH_OPENALEX, "me", True)]


SHARED_DOI = "10.1016/j.specom.2017.01.001"


def _bib(authors: str) -> bytes:
    return (
        "@article{k,\n  author = {" + authors + "},\n  title = {Tone modelling for Vietnamese},\n"
        "  journal = {Speech Communication},\n  year = {2017},\n  doi = {" + SHARED_DOI + "}\n}\n"
    ).encode()


def _from_file(me: httpx.Client, expert_id: str, data: bytes) -> str:
    started = me.post(f"{API}/experts/{expert_id}/imports/file", files={"file": ("w.bib", data)})
    assert started.status_code == 202, started.text
    assert _finished(me, expert_id, started.json()["id"])["state"] == "succeeded"
    (candidate,) = _proposed(me, expert_id).values()
    return str(candidate["id"])


def test_another_authors_work_is_joined_only_when_its_author_list_names_the_expert(
    huong: tuple[str, httpx.Client], client: httpx.Client, as_role: SignIn
) -> None:
    expert_id, me = huong
    mine = _from_file(me, expert_id, _bib("Nguyễn, Thị Hương and Smith, John"))
    decided = me.post(
        f"{API}/experts/{expert_id}/import-candidates/decisions", json={"accept": [mine]}
    ).json()
    (work_id,) = decided["work_ids"]

    # Someone else's file lists the same DOI without them: no joining another's work.
    other_id = _expert(client, "Lê Hoàng Phương", None)
    other = as_role(Role.EXPERT, other_id)
    theirs = _from_file(other, other_id, _bib("Nguyễn, Thị Hương and Smith, John"))
    refused = other.post(
        f"{API}/experts/{other_id}/import-candidates/decisions", json={"accept": [theirs]}
    ).json()
    assert (refused["accepted"], refused["unconfirmed"]) == ([], [theirs])
    assert me.get(f"{API}/works/{work_id}").json()["author_ids"] == [expert_id]
    assert _proposed(other, other_id)  # still proposed, for staff to settle

    # A co-author named in the list joins the one work: no second copy of the DOI.
    coauthor_id = _expert(client, "John Smith", None)
    coauthor = as_role(Role.EXPERT, coauthor_id)
    named = _from_file(coauthor, coauthor_id, _bib("Nguyễn, Thị Hương and Smith, John"))
    joined = coauthor.post(
        f"{API}/experts/{coauthor_id}/import-candidates/decisions", json={"accept": [named]}
    ).json()
    assert joined["work_ids"] == [work_id]
    assert me.get(f"{API}/works/{work_id}").json()["author_ids"] == [expert_id, coauthor_id]


def test_an_id_another_profile_proved_cannot_be_linked(
    huong: tuple[str, httpx.Client], client: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    expert_id, _ = huong
    _prove(store, expert_id, HUONG_ORCID)
    impostor_id = _expert(client, "Nguyễn Thị Hường", None)
    impostor = as_role(Role.EXPERT, impostor_id)
    refused = impostor.put(
        f"{API}/experts/{impostor_id}/identifiers",
        json={"scheme": "orcid", "value": HUONG_ORCID, "verdict": "me"},
    )
    assert refused.status_code == 409
    assert "value" in refused.json()["fields"]
    assert impostor.get(f"{API}/experts/{impostor_id}/identifiers").json() == []


def test_a_declared_orcid_id_does_not_name_the_expert_in_an_author_list(
    client: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    """Crossref lists Trần Văn Bình's iD beside his name: an expert who only typed that iD in
    is not him for it (their own name must match, or the iD be proven)."""
    expert_id = _expert(client, "Lê Văn Tám", BINH_ORCID)
    me = as_role(Role.EXPERT, expert_id)
    me.put(f"{API}/experts/{expert_id}/identifiers", json={"scheme": "orcid", "value": BINH_ORCID})
    _import(me, expert_id, identifiers=False, dois=["10.25073/2588-1140/vnuas.4567"])
    (rice,) = _proposed(me, expert_id).values()
    assert [r["kind"] for r in rice["reasons"]] == ["doi"]

    binh_id = _expert(client, "Trần Văn Bình", None)
    binh = as_role(Role.EXPERT, binh_id)
    _prove(store, binh_id, BINH_ORCID)
    _import(binh, binh_id, identifiers=False, dois=["10.25073/2588-1140/vnuas.4567"])
    (his,) = _proposed(binh, binh_id).values()
    assert [(r["kind"], r["detail"]) for r in his["reasons"]] == [("doi", ""), ("name", "orcid")]
