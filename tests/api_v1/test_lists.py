"""Every v1 list, walked by cursor on the seeded data: each row exactly once, each filter
exact, and the SQL statements per page constant."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api_v1.pagination import encode_cursor
from tests.api_v1.lists import FilterCase, ListCase, all_lists
from tests.sqlcount import count_statements

LISTS = all_lists()
WALKS = [
    pytest.param(case, FilterCase({}, case.ids), id=f"{case.path} (all)") for case in LISTS
] + [
    pytest.param(case, f, id=f"{case.path} {dict(f.params)}")
    for case in LISTS
    for f in case.filters
]


async def walk(client: httpx.AsyncClient, path: str, params: dict[str, Any]) -> list[Any]:
    items: list[Any] = []
    cursor = None
    for _ in range(10_000):
        query = {**params, "limit": "37", **({"cursor": cursor} if cursor else {})}
        response = await client.get(f"/api/v1{path}", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            assert "link" not in response.headers
            return items
        assert response.headers["link"].endswith('>; rel="next"')
    raise AssertionError("the walk did not end")


@pytest.mark.parametrize(("case", "filter_case"), WALKS)
async def test_a_cursor_walk_gives_every_row_once(
    case: ListCase,
    filter_case: FilterCase,
    seeded_client: httpx.AsyncClient,
    seeded_session: Session,
) -> None:
    expected = sorted(seeded_session.scalars(filter_case.ids).unique(), reverse=True)
    assert expected, f"{case.path} {filter_case.params}: the seeded data has no such rows"
    items = await walk(seeded_client, case.path, dict(filter_case.params))
    assert [item[case.id_key] for item in items] == expected


@pytest.mark.parametrize("case", LISTS, ids=lambda case: case.path)
async def test_oldest_first_is_the_same_rows_reversed(
    case: ListCase, seeded_client: httpx.AsyncClient, seeded_session: Session
) -> None:
    newest = await walk(seeded_client, case.path, {})
    oldest = await walk(seeded_client, case.path, {"order": "oldest"})
    assert oldest == newest[::-1]


@pytest.mark.parametrize("case", LISTS, ids=lambda case: case.path)
async def test_statements_per_page_do_not_grow_with_the_limit(
    case: ListCase, seeded_client: httpx.AsyncClient, seeded_engine: Engine
) -> None:
    counts = []
    for limit in (2, 100):
        with count_statements(seeded_engine) as statements:
            response = await seeded_client.get(f"/api/v1{case.path}", params={"limit": limit})
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("case", LISTS, ids=lambda case: case.path)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "query.limit"),
        ({"limit": "101"}, "query.limit"),
        ({"limit": "ten"}, "query.limit"),
        ({"cursor": "not-a-cursor"}, "query.cursor"),
        # Hand-made cursors with ids past INTEGER (PostgreSQL refused them: a 500).
        ({"cursor": encode_cursor(10**20, "newest")}, "query.cursor"),
        ({"cursor": encode_cursor(2**40, "newest")}, "query.cursor"),
        ({"order": "sideways"}, "query.order"),
    ],
)
async def test_bad_paging_is_a_422_naming_the_parameter(
    case: ListCase, params: dict[str, str], field: str, seeded_client: httpx.AsyncClient
) -> None:
    response = await seeded_client.get(f"/api/v1{case.path}", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == [field]
