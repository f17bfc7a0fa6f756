"""Flask and the legacy views side by side on a test's own rows: one request, two answers.

The contract cases run on the seeded data; these checks cover what those rows do not
show (empty pages, filters, edge cases of the legacy route tests), with the comparator
``gateway migration verify`` uses, so "the same" means the same status, headers and bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

import legacy_flask
from gateway.migration.compare import Answer, compare
from gateway.migration.verify import Stacks
from gateway.settings import Settings
from shared_db.engine import Database


class SideBySide:
    """Both stacks on the test's database (each request in a savepoint rolled back, so
    neither stack sees what the other stored)."""

    def __init__(self, connection: Connection, database: Database, settings: Settings) -> None:
        config = {**settings.legacy_config(), "TESTING": True}
        self.stacks = Stacks(database, settings, legacy_flask.create_app(database, config))
        self.connection = connection

    async def answers(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[Answer, Answer]:
        """Flask's answer, then the view's (``path`` without ``/api``)."""
        sent = dict(headers or {})
        savepoint = self.connection.begin_nested()
        try:
            legacy = self.stacks.on_flask(method, path, sent, body)
        finally:
            savepoint.rollback()
        savepoint = self.connection.begin_nested()
        try:
            view = await self.stacks.on_views(method, path, sent, body)
        finally:
            savepoint.rollback()
        return legacy, view

    async def same(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        """The view's answer, once it is Flask's to the byte."""
        legacy, view = await self.answers(path, method=method, headers=headers, body=body)
        assert [difference.describe() for difference in compare(legacy, view)] == []
        return view

    async def view(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        """The view alone, keeping what it stored in the test's transaction."""
        return await self.stacks.on_views(method, path, dict(headers or {}), body)


def json_of(answer: Answer) -> Any:
    return json.loads(answer.body)
