"""SQL statements per request against page size, on every list of both stacks.

A list that loads related rows one by one runs more statements as its page grows; a
list built right runs the same few at any page size. Counted in-process (every engine's
``before_cursor_execute``), on the seeded database, after a warm-up request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from starlette.testclient import TestClient

import legacy_flask
from benchmarks.common import Context, Section
from benchmarks.legacy_pages import ROUTES
from gateway.app import create_app
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig

SIZES = (2, 20, 50)  # legacy per_page takes 2, 10, 20, 30, 40, 50


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def count(get: Callable[[str], int], path: str) -> int:
    assert get(path) < 300, path  # warm-up: caches, pool, the mode refresh
    with counted() as statements:
        status = get(path)
    assert status < 300, (path, status)
    return len(statements)


LEGACY_PAGE = "/{route}?page=1&per_page={size}"
V1_PAGE = "/api/v1/{route}?limit={size}"


def _count_routes(section: Section, stack: str, get: Callable[[str], int], template: str) -> None:
    """One row per list: the statements a request of each page size runs on ``stack``."""
    for route in ROUTES:
        counts = [count(get, template.format(route=route, size=size)) for size in SIZES]
        section.rows.append([route, stack, *map(str, counts)])
        section.data[f"{stack}/{route}"] = dict(zip(map(str, SIZES), counts, strict=True))


def run(context: Context) -> list[Section]:
    section = Section(
        f"SQL statements per request vs page size ({context.database})",
        ["list", "stack", *(f"page of {size}" for size in SIZES)],
    )
    database = Database(DatabaseConfig(url=context.database_url, pool_size=2, max_overflow=0))
    database.start()
    try:
        flask = legacy_flask.create_app(database).test_client()
        _count_routes(section, "legacy", lambda p: flask.get(p).status_code, LEGACY_PAGE)
    finally:
        database.dispose()
    with TestClient(
        create_app(Settings(database_url=context.database_url)), base_url="http://localhost"
    ) as client:
        _count_routes(section, "v1", lambda p: client.get(p).status_code, V1_PAGE)
    section.notes.append("target: the same count at every page size (no N+1)")
    return [section]
