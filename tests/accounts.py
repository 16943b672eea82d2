"""Accounts for tests: created in the graph, signed in through the real login endpoint."""

import itertools
from collections.abc import Callable

import httpx

from graph import GraphStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)
SignIn = Callable[..., httpx.Client]


def signed_in(
    base_url: str, store: GraphStore, role: Role, *, expert_id: str | None = None
) -> httpx.Client:
    """A client carrying the token of a new account with this role."""
    email = f"{role.value}{next(_numbers)}@example.org"
    AccountRepository(store).create(
        AccountCreate(
            email=email, password=PASSWORD, role=role, name=role.value, expert_id=expert_id
        )
    )
    client = httpx.Client(base_url=base_url, timeout=30)
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["authorization"] = f"Bearer {response.json()['access_token']}"
    return client
