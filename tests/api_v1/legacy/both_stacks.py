"""Ask Flask and the legacy views the same request on a test's own data, and compare.

The contract cases run on the seeded data, where every event is a git one; the view
tests here build the data a behaviour needs (release-monitoring projects, empty groups,
filters, pages at the edges) and require the same answer from both stacks, byte for byte.
Each side answers in a savepoint rolled back afterwards, so a request that stores
something (a notification) leaves the data as the other side will find it; ``probe``
reads what it stored before the rollback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

import legacy_flask
from gateway.migration.compare import Answer, compare
from gateway.migration.verify import Stacks
from gateway.settings import Settings
from shared_db.engine import Database

Probe = Callable[[Connection], Any]


@dataclass(frozen=True, slots=True)
class Answers:
    flask: Answer
    view: Answer
    flask_stored: Any = None
    view_stored: Any = None

    @property
    def differences(self) -> list[str]:
        return [difference.describe() for difference in compare(self.flask, self.view)]


class BothStacks:
    def __init__(self, connection: Connection, database: Database, settings: Settings) -> None:
        self.connection = connection
        flask = legacy_flask.create_app(database, {**settings.legacy_config(), "TESTING": True})
        self.stacks = Stacks(database, settings, flask)

    async def ask(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        probe: Probe | None = None,
    ) -> Answers:
        sent = dict(headers or {})
        savepoint = self.connection.begin_nested()
        try:
            flask = self.stacks.on_flask(method, path, sent, body)
            flask_stored = probe(self.connection) if probe else None
        finally:
            savepoint.rollback()
        savepoint = self.connection.begin_nested()
        try:
            view = await self.stacks.on_views(method, path, sent, body)
            view_stored = probe(self.connection) if probe else None
        finally:
            savepoint.rollback()
        return Answers(flask, view, flask_stored, view_stored)

    async def same(self, path: str, status: int, **request: Any) -> Answers:
        """Both stacks' answers, once they are known to agree and to have ``status``."""
        answers = await self.ask(path, **request)
        assert answers.differences == [], path
        assert answers.flask.status == status, (path, answers.flask.body[:200])
        assert answers.flask_stored == answers.view_stored, path
        return answers
