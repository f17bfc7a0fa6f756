"""Deep list pages against page 1, on every list of both stacks, in-process.

The legacy lists are served through the whole Flask stack (Flask-RESTX, the unit of
work, the shared queries, jsonify) with Flask's test client; the v1 lists through the
gateway with Starlette's test client; HTTP parsing is the only thing left out. A legacy
deep page is the page at 90 % of the list's depth (pages are numbered: an offset); a v1
deep page starts after the id at 90 % of the list (its cursor: a keyset). Prints the
median time of each and their ratio.

Target (issue 12): every list at 90 % depth ≤ 2x its page 1, on both databases.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from flask.testing import FlaskClient
from starlette.testclient import TestClient

import legacy_flask
from api_v1.pagination import encode_cursor
from benchmarks.common import Context, Section, progress
from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig

ROUTES = (
    "copr-builds",
    "koji-builds",
    "srpm-builds",
    "testing-farm/results",
    "runs",
    "propose-downstream",
    "bodhi-updates",
    "projects",
)
PER_PAGE = 20
DEPTH = 0.9
REPEAT = 9


def median_ms(get: Callable[[str], object], path: str, repeat: int = REPEAT) -> float:
    get(path)  # warm caches and the connection pool
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        get(path)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def last_page(client: FlaskClient, route: str) -> int:
    """The deepest page that still has items (binary search over page numbers)."""
    low, high = 1, 1
    while client.get(f"/{route}?page={high}&per_page={PER_PAGE}").get_json():
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if client.get(f"/{route}?page={middle}&per_page={PER_PAGE}").get_json():
            low = middle
        else:
            high = middle
    return low


def legacy_rows(context: Context, routes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    database = Database(DatabaseConfig(url=context.database_url, pool_size=2, max_overflow=0))
    database.start()
    client = legacy_flask.create_app(database).test_client()

    def get(path: str) -> object:
        response = client.get(path)
        assert response.status_code == 206, (path, response.status_code)
        return response

    results = {}
    try:
        for route in routes:
            deep = max(1, round(last_page(client, route) * DEPTH))
            first = median_ms(get, f"/{route}?page=1&per_page={PER_PAGE}")
            deep_ms = median_ms(get, f"/{route}?page={deep}&per_page={PER_PAGE}")
            results[route] = {"page": deep, "page1_ms": first, "deep_ms": deep_ms}
            progress(f"  legacy {route}: page 1 {first:.2f} ms, page {deep} {deep_ms:.2f} ms")
    finally:
        database.dispose()
    return results


def v1_rows(context: Context, routes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    settings = Settings(database_url=context.database_url)
    results = {}
    with TestClient(create_app(settings), base_url="http://localhost") as client:

        def get(path: str) -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        for route in routes:
            first_path = f"/api/v1/{route}?limit={PER_PAGE}"
            items = client.get(first_path).json()["items"]
            after = max(1, round(items[0]["id"] * (1 - DEPTH))) if items else 1
            deep_path = f"{first_path}&cursor={encode_cursor(after, 'newest')}"
            first = median_ms(get, first_path)
            deep_ms = median_ms(get, deep_path)
            results[route] = {"after": after, "page1_ms": first, "deep_ms": deep_ms}
            progress(f"  v1 {route}: page 1 {first:.2f} ms, after id {after} {deep_ms:.2f} ms")
    return results


def run(context: Context) -> list[Section]:
    section = Section(
        f"Deep pages (90 % of the list) vs page 1, in-process ({context.database})",
        ["list", "stack", "page 1 ms", "deep page", "deep ms", "deep / page 1"],
    )
    for stack, measured in (
        ("legacy", legacy_rows(context, ROUTES)),
        ("v1", v1_rows(context, ROUTES)),
    ):
        for route, result in measured.items():
            where = result.get("page", result.get("after"))
            label = f"page {where}" if stack == "legacy" else f"after id {where}"
            ratio = result["deep_ms"] / result["page1_ms"]
            section.rows.append(
                [
                    route,
                    stack,
                    f"{result['page1_ms']:.2f}",
                    label,
                    f"{result['deep_ms']:.2f}",
                    f"{ratio:.1f}x",
                ]
            )
            section.data[f"{stack}/{route}"] = {**result, "ratio": ratio}
    section.notes.append("target: deep / page 1 ≤ 2x on every list of both stacks")
    return [section]
