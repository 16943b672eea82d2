"""A registration sent again (reloaded, sent twice, raced, retried after a crash) leaves one
pending profile, one account, no new review and one more mail at most; every page form that
succeeds answers with a redirect to a page read by GET."""

import threading
import time
from typing import Any

import httpx

from graph.neo4j_store import Neo4jStore
from tests.api.test_registration import API, registration
from tests.mailbox import last_token, messages_to

EN = {"accept-language": "en"}


def _pending(client: httpx.Client, email: str) -> tuple[list[str], list[str]]:
    """The ids of the accounts for this address, and of the pending profiles they hold, as an
    admin sees them."""
    accounts = client.get(f"{API}/accounts", params={"limit": 200}).json()["items"]
    mine = [a for a in accounts if a["email"] == email]
    experts = client.get(f"{API}/experts", params={"limit": 200}).json()["items"]
    pending = [e["id"] for e in experts if e["status"] == "pending"]
    return [a["id"] for a in mine], pending


def _reviews(client: httpx.Client) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/reviews", params={"state": "open"}).json()["items"])


def test_the_same_registration_sent_twice_keeps_one_profile_and_mails_its_link_again(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    body = registration(email="twice@example.net", full_name="Lê Minh Tâm")
    first = anonymous.post(f"{API}/registrations", json=body)
    assert first.status_code == 202, first.text
    first_token = last_token("twice@example.net")
    again = anonymous.post(f"{API}/registrations", json=body)
    assert again.status_code == 202, again.text
    assert again.json() == first.json()

    accounts, pending = _pending(client, "twice@example.net")
    assert len(accounts) == 1
    assert len(pending) == 1
    assert _reviews(client) == []
    mails = messages_to("twice@example.net")
    assert len(mails) == 2
    assert all("To confirm your profile" in m for m in mails)
    # Either link opens the one profile; the other is then spent with it.
    second_token = last_token("twice@example.net")
    assert second_token != first_token
    confirmed = anonymous.post(
        f"{API}/registrations/confirm",
        json={"token": second_token, "password": "a long enough passphrase"},
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["expert_id"] == pending[0]


def test_racing_registrations_of_one_address_leave_one_profile(
    base_url: str, client: httpx.Client, store: Neo4jStore
) -> None:
    body = registration(email="racing@example.net", full_name="Phan Thị Hồng")

    def linger(name: str, text: str, index: int) -> None:
        """Each registration pauses right after reading what waits for the address, widening
        the window between that read and its writes."""
        if name.startswith("Registrations.register") and "pending_email: $email" in text:
            time.sleep(0.3)

    store.fault = linger
    barrier = threading.Barrier(6)
    codes: list[int] = []

    def send() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as c:
            barrier.wait()
            codes.append(c.post(f"{API}/registrations", json=body).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.fault = None
    assert codes == [202] * 6
    accounts, pending = _pending(client, "racing@example.net")
    assert len(accounts) == 1
    assert len(pending) == 1
    assert _reviews(client) == []
    assert len(messages_to("racing@example.net")) == 6


def test_a_registration_retried_after_its_answer_was_lost_keeps_one_profile(
    anonymous: httpx.Client, client: httpx.Client, store: Neo4jStore
) -> None:
    """The first attempt crashed part-way (nothing of it stays), the second was written but
    its answer never came back, the third is the user trying once more."""
    body = registration(email="retry@example.net", full_name="Võ Quốc Bảo")

    def crash(name: str, text: str, index: int) -> None:
        if name.startswith("Registrations.register") and "CREATE (a:Account)" in text:
            raise RuntimeError("the process died here")

    store.fault = crash
    crashed = anonymous.post(f"{API}/registrations", json=body)
    assert crashed.status_code == 500
    store.fault = None
    assert _pending(client, "retry@example.net") == ([], [])
    assert messages_to("retry@example.net") == []
    for _ in range(2):
        assert anonymous.post(f"{API}/registrations", json=body).status_code == 202
    accounts, pending = _pending(client, "retry@example.net")
    assert (len(accounts), len(pending)) == (1, 1)
    assert _reviews(client) == []
    assert len(messages_to("retry@example.net")) == 2


def _form(anonymous: httpx.Client, path: str) -> str:
    """The CSRF token a page sets, as a browser would hold it."""
    assert anonymous.get(path).status_code == 200
    return str(anonymous.cookies["talent_csrf"])


def test_the_registration_page_redirects_and_reloading_its_answer_sends_nothing(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    token = _form(anonymous, "/register")
    form = {
        "csrf_token": token,
        "email": "paged.registrant@example.net",
        "full_name": "Trịnh Văn Long",
        "country": "VN",
        "consent_match": "on",
    }
    posted = anonymous.post("/register", data=form)
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == "/sent?kind=register"
    # The address is not in the URL (nor in logs or history), but the page names it.
    for _ in range(3):  # a reload is a GET of the same page
        landing = anonymous.get("/sent?kind=register", headers=EN)
        assert landing.status_code == 200
        assert "Check your e-mail" in landing.text
        assert "paged.registrant@example.net" in landing.text
    accounts, pending = _pending(client, "paged.registrant@example.net")
    assert (len(accounts), len(pending)) == (1, 1)
    assert len(messages_to("paged.registrant@example.net")) == 1

    # Sent twice from the page (a double click, the back button): the link again, no profile.
    again = anonymous.post("/register", data=form)
    assert again.status_code == 303
    assert _pending(client, "paged.registrant@example.net") == (accounts, pending)
    assert len(messages_to("paged.registrant@example.net")) == 2
    # Another browser, without the address in its cookie, reads the same page in Vietnamese.
    with httpx.Client(base_url=str(anonymous.base_url)) as other:
        vi = other.get("/sent?kind=register", headers={"accept-language": "vi"})
        assert "Chúng tôi đã gửi thư tới địa chỉ thư điện tử của bạn." in vi.text


def test_the_mailed_link_resend_claim_and_reset_pages_redirect_after_success(
    anonymous: httpx.Client,
) -> None:
    body = registration(email="links@example.net", full_name="Đỗ Thanh Mai")
    assert anonymous.post(f"{API}/registrations", json=body).status_code == 202
    token = _form(anonymous, "/register/resend")
    resent = anonymous.post(
        "/register/resend", data={"csrf_token": token, "email": "links@example.net"}
    )
    assert (resent.status_code, resent.headers["location"]) == (303, "/sent?kind=resend")
    password = "a long enough passphrase"
    opened = anonymous.post(
        "/confirm",
        data={
            "csrf_token": token,
            "token": last_token("links@example.net"),
            "password": password,
            "password_again": password,
        },
    )
    assert (opened.status_code, opened.headers["location"]) == (303, "/confirmed?kind=confirm")
    assert "Your account is open" in anonymous.get(opened.headers["location"], headers=EN).text
    forgot = anonymous.post(
        "/password/forgot", data={"csrf_token": token, "email": "links@example.net"}
    )
    assert (forgot.status_code, forgot.headers["location"]) == (303, "/sent?kind=reset")
    reset = anonymous.post(
        "/password/reset",
        data={
            "csrf_token": token,
            "token": last_token("links@example.net"),
            "password": "another long passphrase",
            "password_again": "another long passphrase",
        },
    )
    assert (reset.status_code, reset.headers["location"]) == (303, "/confirmed?kind=reset")
    assert "Your password is changed" in anonymous.get(reset.headers["location"], headers=EN).text
    claim = anonymous.post(
        "/claim",
        data={
            "csrf_token": token,
            "profile": "someone-else",
            "email": "claimant@example.net",
            "name": "Claimant",
        },
    )
    assert (claim.status_code, claim.headers["location"]) == (303, "/sent?kind=claim")
