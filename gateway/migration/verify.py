"""Offline parity evidence: the contract cases, run against Flask and against the legacy
views on one database, compared, and recorded per operation.

Both stacks answer inside one transaction that is rolled back (each case in a savepoint
of its own per stack), so cases that write (webhooks, notifications) store nothing and
each stack sees the database as the other did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from api_v1.legacy import app as views_app
from api_v1.legacy.routing import LegacyOperation
from api_v1.state import V1State
from gateway.migration.cases import CaseSecrets, RouteCase, all_cases
from gateway.migration.compare import Answer, Difference, compare
from gateway.migration.version import code_version
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import ParityEvidence


@dataclass
class CaseResult:
    case: RouteCase
    path: str | None = None
    skipped: str | None = None
    differences: list[Difference] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case.name,
            "request": f"{self.case.method} /api{self.path or self.case.path}",
            "skipped": self.skipped,
            "differences": [difference.as_json() for difference in self.differences],
        }


@dataclass
class OperationResult:
    operation: LegacyOperation
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def mismatches(self) -> int:
        return sum(1 for case in self.cases if case.differences)

    @property
    def skipped(self) -> int:
        return sum(1 for case in self.cases if case.skipped)

    @property
    def passed(self) -> bool:
        """Every case ran and both stacks answered the same. An operation without cases
        has no evidence."""
        return bool(self.cases) and not self.skipped and not self.mismatches


def operation_of(case: RouteCase, operations: Sequence[LegacyOperation]) -> LegacyOperation:
    """The operation a case exercises (a HEAD case falls back to the rule's GET)."""
    by_key = {(operation.method, operation.rule): operation for operation in operations}
    found = by_key.get((case.method, case.rule))
    if found is None and case.method == "HEAD":
        found = by_key.get(("GET", case.rule))
    if found is None:
        raise LookupError(f"case {case.name!r} exercises no declared operation")
    return found


def resolve(case: RouteCase, session: Session) -> str | None:
    """The case's path with its placeholders filled from the database (None: no row)."""
    if case.lookup is None:
        return case.path
    row = session.execute(case.lookup).one_or_none()
    if row is None or None in row._mapping.values():
        return None
    return case.path.format(**row._mapping)


class Stacks:
    """Flask (through its test client) and the legacy views (over ASGI) on one database."""

    def __init__(self, database: Database, settings: Settings, flask_app: Any) -> None:
        self.database = database
        self.flask = flask_app.test_client()
        self.views = views_app.create_app(V1State.of(settings.v1_config(), database))

    def on_flask(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None
    ) -> Answer:
        response = self.flask.open(
            path.lstrip("/"),
            method=method,
            headers=headers,
            data=body,
            base_url="http://localhost/api/",
        )
        return Answer.of(response.status_code, response.headers.items(), response.get_data())

    async def on_views(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None
    ) -> Answer:
        # A view that raises answers its 500 (the app renders it) and verify goes on.
        transport = httpx.ASGITransport(
            app=self.views, root_path="/api", raise_app_exceptions=False
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            response = await client.request(method, f"/api{path}", headers=headers, content=body)
        content = b"" if method == "HEAD" else response.content
        return Answer.of(response.status_code, response.headers.multi_items(), content)


async def run_cases(
    connection: Connection,
    stacks: Stacks,
    operations: Sequence[LegacyOperation],
    secrets: CaseSecrets,
    cases: Sequence[RouteCase] | None = None,
) -> list[OperationResult]:
    """Run every case of ``operations`` on both stacks, each in a savepoint rolled back."""
    results = {operation.id: OperationResult(operation) for operation in operations}
    for case in cases if cases is not None else all_cases():
        try:
            operation = operation_of(case, operations)
        except LookupError:  # a case of an operation not asked for
            continue
        result = CaseResult(case)
        results[operation.id].cases.append(result)
        with stacks.database.session() as session:
            result.path = resolve(case, session)
        if result.path is None:
            result.skipped = "no row of this database to ask for"
            continue
        headers, body = case.request(secrets)
        savepoint = connection.begin_nested()
        try:
            legacy = stacks.on_flask(case.method, result.path, headers, body)
        finally:
            savepoint.rollback()
        savepoint = connection.begin_nested()
        try:
            view = await stacks.on_views(case.method, result.path, headers, body)
        finally:
            savepoint.rollback()
        # Each stack stored its own row (a report): its id is not the other's.
        masked = ("location",) if operation.writes else ()
        result.differences = compare(legacy, view, masked=masked)
    return list(results.values())


def record(session: Session, results: Sequence[OperationResult], code_version: str) -> None:
    for result in results:
        session.add(
            ParityEvidence(
                operation_id=result.operation.id,
                code_version=code_version,
                passed=result.passed,
                cases=len(result.cases),
                mismatches=result.mismatches,
                report=[case.as_json() for case in result.cases],
            )
        )
    session.flush()


async def run_on_database(
    database: Database,
    settings: Settings,
    operations: Sequence[LegacyOperation],
    secrets: CaseSecrets,
) -> list[OperationResult]:
    """``gateway migration verify``: the cases of ``operations`` on this database, inside a
    transaction rolled back; then the evidence, recorded in a transaction of its own."""
    import legacy_flask  # only verify needs Flask

    with database.engine.connect() as connection:
        outer = connection.begin()
        try:
            bound = Database.bound_to(connection)
            flask = legacy_flask.create_app(bound, {**settings.legacy_config(), "TESTING": True})
            results = await run_cases(
                connection, Stacks(bound, settings, flask), operations, secrets
            )
        finally:
            outer.rollback()
    with database.transaction() as session:
        record(session, results, code_version())
    return results
