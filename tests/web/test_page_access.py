"""Every page passes the access policy as the API does: a signed-out visitor is sent to log in,
a signed-in one whom the page's entry does not name is refused with a page, not JSON."""

import httpx
import pytest

from api.policy import Caller
from api.web.policy import PAGE_POLICY
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body

PLAIN_GETS = sorted(path for (method, path) in PAGE_POLICY if method == "GET" and "{" not in path)


@pytest.mark.parametrize("path", PLAIN_GETS)
def test_a_signed_out_visitor_sees_public_pages_and_is_sent_to_log_in_elsewhere(
    anonymous: httpx.Client, path: str
) -> None:
    response = anonymous.get(path, follow_redirects=False)
    if PAGE_POLICY["GET", path].public:
        assert response.status_code in (200, 303), response.text[:200]
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", PLAIN_GETS)
def test_an_expert_is_refused_staff_pages_with_a_page(
    client: httpx.Client, as_role: SignIn, path: str
) -> None:
    profile = client.post("/api/v1/experts", json=expert_body(full_name=f"Page {path}", orcid=None))
    expert = as_role(Role.EXPERT, expert_id=profile.json()["id"])
    entry = PAGE_POLICY["GET", path]
    response = expert.get(path, follow_redirects=False)
    if Caller.EXPERT in entry.callers or Caller.EXPERT in entry.owners:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("text/html")


def test_a_page_that_is_not_there_says_so_in_the_viewers_language(as_role: SignIn) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    vietnamese = lead.get("/programmes/no-such-programme", headers={"Accept-Language": "vi"})
    assert vietnamese.status_code == 404
    assert "Trang này không tồn tại" in vietnamese.text
    assert "không tồn tại, hoặc bạn không được xem" in vietnamese.text
    english = lead.get("/programmes/no-such-programme", headers={"Accept-Language": "en"})
    assert "This page does not exist" in english.text
