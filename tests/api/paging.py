"""Walking a paged list to its end."""

import httpx

# A list whose cursor never ends (a paging bug) fails instead of looping for ever.
MAX_PAGES = 100


def pages(
    client: httpx.Client, url: str, *, limit: int, key: str = "id", **params: str | int
) -> list[list[str]]:
    """The `key` of every item, page by page, following `next_cursor` until there is none."""
    found: list[list[str]] = []
    cursor = None
    for _ in range(MAX_PAGES):
        query = params | {"limit": limit} | ({"cursor": cursor} if cursor else {})
        response = client.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        found.append([item[key] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return found
    raise AssertionError(f"{url} still had a next page after {MAX_PAGES} pages")
