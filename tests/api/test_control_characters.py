"""Text with control characters is refused with 422 naming where it was, before the graph."""

import httpx

from tests.factories import expert_body

API = "/api/v1"


def test_a_nul_in_a_body_field_is_a_422_naming_the_field(client: httpx.Client) -> None:
    response = client.post(f"{API}/experts", json=expert_body(headline="Chief\u0000engineer"))
    assert response.status_code == 422
    assert "headline" in response.json()["fields"]
    works = client.post(f"{API}/works", json={"title": "ok", "skill_ids": ["a\u0000"]})
    assert works.status_code == 422
    assert "skill_ids" in works.json()["fields"]


def test_a_nul_in_a_path_or_cursor_is_a_422(client: httpx.Client) -> None:
    assert client.get(f"{API}/experts/a%00b").status_code == 422
    cursor = "YQA"  # base64 of "a\0"
    assert client.get(f"{API}/experts", params={"cursor": cursor}).status_code == 422


def test_line_breaks_in_long_text_are_kept(client: httpx.Client) -> None:
    response = client.post(f"{API}/experts", json=expert_body(bio="Line one.\nLine two."))
    assert response.status_code == 201, response.text
    assert response.json()["bio"] == "Line one.\nLine two."
