"""Reading v1 list pages in tests: the items of one good page, or their ids."""

from __future__ import annotations

from typing import Any

import httpx


async def listed(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """The items of the page ``path`` answers for ``params``, which must be a 200."""
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def ids_of(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]


async def listed_ids(client: httpx.AsyncClient, path: str, **params: Any) -> list[int]:
    return ids_of(await listed(client, path, **params))
