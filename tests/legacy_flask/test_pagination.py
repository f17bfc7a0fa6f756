"""Legacy list pages at any number: huge pages are past the end, bodies are not arguments.

Every list of swagger.json (each operation taking ``page``) is asked; a page past every
list is answered as the contract answers a page past the end of its list: an empty array
with the ``Content-Range`` of the page asked for (206; the project lists answer an empty
page with 200). The database is never asked for an offset it cannot take.
"""

from __future__ import annotations

import json

import httpx
import pytest

from shared_db.queries.pages import PAST_EVERY_LIST, PageWindow
from tests.legacy_client import LegacyClient
from tests.legacy_flask.swagger import snapshot

LISTS = sorted(
    path.replace("{forge}", "github.com")
    .replace("{namespace}", "packit")
    .replace("{repo_name}", "ogr")
    for path, operations in snapshot()["paths"].items()
    if any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
)
HUGE = 99999999999999999999


def test_every_list_is_found() -> None:
    assert "/copr-builds" in LISTS
    assert "/projects/github.com/packit/ogr/prs" in LISTS
    assert len(LISTS) >= 18


def window_from(arguments: dict[str, int]) -> PageWindow:
    from legacy_flask.pagination import window_from

    return window_from(arguments)


@pytest.mark.flask
class TestWindowFrom:
    def test_a_huge_page_keeps_its_numbers_for_the_header(self) -> None:
        window = window_from({"page": HUGE, "per_page": 10})

        assert window.first == (HUGE - 1) * 10
        assert (window.offset, window.limit) == (PAST_EVERY_LIST, 10)

    def test_an_ordinary_page_asks_the_database_for_its_own_rows(self) -> None:
        window = window_from({"page": 3, "per_page": 20})

        assert (window.first, window.offset, window.limit) == (40, 40, 20)

    @pytest.mark.parametrize("page", [0, -1, -HUGE])
    def test_a_page_below_one_is_the_first(self, page: int) -> None:
        window = window_from({"page": page, "per_page": 2})

        assert (window.first, window.offset) == (0, 0)


def _resource(content_range: str) -> str:
    return content_range.partition(" ")[0]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("per_page", [10, 50])
async def test_a_page_past_every_list_is_empty_with_its_content_range(
    path: str, per_page: int, client: httpx.AsyncClient
) -> None:
    first = await client.get(f"/api{path}")
    response = await client.get(f"/api{path}", params={"page": HUGE, "per_page": per_page})

    assert response.status_code in (200, 206), response.text
    assert response.json() == []
    resource = _resource(first.headers["Content-Range"])
    low, high = (HUGE - 1) * per_page + 1, HUGE * per_page
    assert response.headers["Content-Range"] == f"{resource} {low}-{high}/*"


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'"page"', b'{"page": null}', b'{"page": 1e300}', b'{"per_page": 7}', b"{}"],
)
@pytest.mark.parametrize("path", ["copr-builds", "koji-builds"])
def test_a_json_body_on_a_list_is_no_argument(
    legacy_client: LegacyClient, body: bytes, path: str
) -> None:
    """The arguments come from the query string only (RESTX would also read the body)."""
    headers = {"Content-Type": "application/json"}
    response = legacy_client.get(f"{path}?per_page=2", data=body, headers=headers)

    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"{path} 1-2/*"
    assert json.loads(response.get_data()) == []
