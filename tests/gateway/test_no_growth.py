"""What the gateway keeps across requests does not grow with what the requests ask:
new filter values, cursors, page numbers and unknown paths leave no new entry in the
statement caches (compiled SQL, the paged forms of list statements) or in the metrics.
A worker's memory then stays flat under any traffic (``make bench-memory`` measures it).
"""

from __future__ import annotations

import gc
from typing import Any

import httpx
from sqlalchemy import Connection
from starlette.applications import Starlette

from api_v1.pagination import encode_cursor
from shared_db.queries.pages import _PAGED


async def ask(client: httpx.AsyncClient, values: range) -> None:
    for n in values:
        answers = [
            await client.get(f"/api/v1/copr-builds?limit=5&chroot=fedora-{n}-x86_64"),
            await client.get(f"/api/v1/runs?limit=5&cursor={encode_cursor(n + 1, 'newest')}"),
            await client.get(
                f"/api/v1/srpm-builds?limit=5&submitted_after=2026-01-{n % 28 + 1:02d}T00:00:00Z"
            ),
            await client.get(f"/api/copr-builds?page={n + 1}&per_page=10"),
            await client.get(f"/api/koji-builds?page={n + 2}&per_page=20"),
            await client.get(f"/api/no-such-route/{n}"),
            await client.get(f"/api/v1/no-such-route/{n}"),
        ]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 206, 206, 404, 404]


def kept(gateway: Starlette, connection: Connection) -> tuple[set[Any], int, set[Any]]:
    gc.collect()
    compiled = connection.engine._compiled_cache
    metrics = gateway.state.gateway.metrics.registry
    series = {
        (sample.name, tuple(sorted(sample.labels.items())))
        for metric in metrics.collect()
        for sample in metric.samples
    }
    return set(compiled.keys()) if compiled is not None else set(), len(_PAGED), series


async def test_distinct_requests_leave_no_trace(
    client: httpx.AsyncClient, gateway: Starlette, connection: Connection
) -> None:
    await ask(client, range(0, 6))
    statements, paged, series = kept(gateway, connection)

    await ask(client, range(100, 110))
    statements_after, paged_after, series_after = kept(gateway, connection)

    assert statements_after - statements == set()
    assert paged_after == paged
    assert series_after == series
