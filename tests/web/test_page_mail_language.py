"""A mail asked for from a page is written in that page's language only."""

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.mailbox import messages_to
from tests.web.browser import account
from tests.web.test_expert_forms import send


@pytest.mark.parametrize(
    ("lang", "greeting", "other"), [("vi", "Kính gửi ông/bà", "Dear"), ("en", "Dear", "Kính gửi")]
)
def test_a_reset_asked_for_on_a_page_is_mailed_in_its_language(
    anonymous: httpx.Client, store: Neo4jStore, lang: str, greeting: str, other: str
) -> None:
    staff = account(store, Role.MINISTRY)
    sent = send(anonymous, "/password/forgot", {"email": staff.email}, lang=lang)
    assert sent.status_code == 303, sent.text[:300]
    (body,) = messages_to(staff.email)
    assert body.startswith(greeting)
    assert other not in body
