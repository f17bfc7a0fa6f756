"""Methods other than the operation's on the routes of these groups (HEAD, OPTIONS, 405)
and repeated query arguments: answered by the views as Flask answers them."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from tests.api_v1.legacy.side_by_side import SideBySide
from tests.shared_db.factories import make_project

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("HEAD", "/projects", 206),
        ("HEAD", "/projects/github.com/packit/ogr", 200),
        ("HEAD", "/projects/github.com/x/y", 404),
        ("HEAD", "/installations/5", 204),
        ("POST", "/projects", 405),
        ("PUT", "/runs/1", 405),
        ("DELETE", "/allowlist/github.com/packit", 405),
        ("GET", "/webhooks/github", 405),
        ("OPTIONS", "/projects/github.com/packit/ogr/prs", 200),
        ("OPTIONS", "/webhooks/gitlab", 200),
    ],
)
async def test_other_methods(
    both: SideBySide, session: Session, method: str, path: str, status: int
) -> None:
    make_project(session)

    assert (await both.same(path, method=method)).status == status


@pytest.mark.parametrize(
    ("query", "status"),
    [("per_page=10&per_page=7", 400), ("page=2&page=x", 400), ("per_page=2&per_page=10", 206)],
)
async def test_repeated_arguments(
    both: SideBySide, session: Session, query: str, status: int
) -> None:
    make_project(session)

    assert (await both.same(f"/projects?{query}")).status == status
