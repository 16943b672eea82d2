"""Staff invited by mail: the admin gives a name, an address and a role, never a password; the
account is made with no password anyone knows, and the person gets a mail (in Vietnamese and
English, they have not chosen a language) with a link that sets their first password through
the password-reset page. Refusals are named beside their fields; the API's account creation,
with a password, keeps working; only whom the API admits may invite. Texts written by hand."""

import re

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.accounts.repository import AccountRepository
from talent.core.errors import Unauthorized
from tests.accounts import PASSWORD, SignIn
from tests.mailbox import messages_to

VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
INVITED_VI = (
    "Tài khoản đã được tạo và thư mời đã được gửi đến địa chỉ thư điện tử của tài khoản: "
    "liên kết trong thư cho phép người được mời tự chọn mật khẩu, dùng được một lần, "
    "trong vòng bảy ngày."
)
MAIL_VI = (
    "Kính gửi ông/bà Trần Thị Bình,",
    "Quản trị viên đã mở cho ông/bà một tài khoản trên talentgraph, với vai trò cán bộ Bộ.",
    "Để chọn mật khẩu, xin mở liên kết sau:",
)
MAIL_EN = (
    "Dear Trần Thị Bình,",
    "An administrator has opened an account for you on talentgraph, as ministry staff.",
    "To choose your password, open this link:",
)


def _text(response: httpx.Response) -> str:
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _invite(client: httpx.Client, headers: dict[str, str], **form: str) -> httpx.Response:
    assert client.get("/admin/accounts").status_code == 200
    csrf = {"x-csrf-token": client.cookies["talent_csrf"]}
    return client.post("/admin/accounts", data=form, headers=headers | csrf)


def test_an_invited_person_sets_their_own_password_by_the_mailed_link(
    client: httpx.Client, store: Neo4jStore, base_url: str
) -> None:
    form = {"role": "ministry", "name": "Trần Thị Bình", "email": "binh.invite@example.org"}
    answer = _invite(client, VI, **form)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/accounts?done=invited"
    assert INVITED_VI in _text(client.get(answer.headers["location"], headers=VI))
    [made] = [
        a
        for a in AccountRepository(store).page(after="", limit=100)
        if a.email == "binh.invite@example.org"
    ]
    assert made.role is Role.MINISTRY
    assert made.active
    # No password anyone typed opens it.
    for guess in ("", PASSWORD, "binh.invite@example.org"):
        with pytest.raises(Unauthorized):
            AccountRepository(store).authenticate("binh.invite@example.org", guess or "x")

    [mail] = messages_to("binh.invite@example.org")
    for line in (*MAIL_VI, *MAIL_EN):
        assert line in mail
    assert "bạn" not in mail
    assert "/api/" not in mail
    link = re.search(r"(http://\S+/password/reset\?token=[A-Za-z0-9_\-]+)", mail)
    assert link is not None
    assert link.group(1).startswith(base_url)
    assert f"{base_url}/login" in mail

    with httpx.Client(base_url=base_url, timeout=30) as person:
        path = link.group(1).removeprefix(base_url)
        assert person.get(path).status_code == 200
        csrf = {"x-csrf-token": person.cookies["talent_csrf"]}
        token = path.split("token=", 1)[1]
        body = {"token": token, "password": PASSWORD, "password_again": PASSWORD}
        assert person.post("/password/reset", data=body, headers=csrf).status_code == 303
        login = {"email": "binh.invite@example.org", "password": PASSWORD}
        assert person.post("/api/v1/auth/login", json=login).status_code == 200


def test_a_bad_invitation_is_refused_beside_its_fields(client: httpx.Client) -> None:
    missing = _invite(client, VI, role="ministry", name="", email="binh@")
    assert missing.status_code == 422
    text = _text(missing)
    assert "Hãy nhập họ tên của người dùng." in text
    assert 'id="e-email"' in missing.text
    assert 'id="e-name"' in missing.text
    no_role = _invite(client, EN, role="", name="Trần Thị Bình", email="binh2@example.org")
    assert no_role.status_code == 422
    assert "Choose one of the roles." in _text(no_role)

    form = {"role": "ministry", "name": "Trần Thị Bình", "email": "binh.twice@example.org"}
    assert _invite(client, EN, **form).status_code == 303
    again = _invite(client, EN, **form)
    assert again.status_code == 409
    assert "An account with this e-mail exists." in _text(again)
    assert len(messages_to("binh.twice@example.org")) == 1


def test_the_api_still_creates_an_account_with_a_password(client: httpx.Client) -> None:
    body = {
        "email": "api.made@example.org",
        "password": PASSWORD,
        "role": "programme_lead",
        "name": "Lý Văn Hùng",
    }
    assert client.post("/api/v1/accounts", json=body).status_code == 201
    login = {"email": "api.made@example.org", "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.PROGRAMME_LEAD])
def test_only_whom_the_api_admits_may_invite(as_role: SignIn, role: Role) -> None:
    caller = as_role(role)
    body = {"email": "x.y@example.org", "password": PASSWORD, "role": "admin", "name": "X"}
    api = caller.post("/api/v1/accounts", json=body).status_code
    assert api == 403
    assert caller.get("/admin/accounts").status_code == api
