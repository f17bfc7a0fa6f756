"""allowlist and installations (legacy views): whole lists, one entry, 204 for an unknown
one, answered as Flask answers them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import AllowlistStatus
from tests.api_v1.legacy.side_by_side import SideBySide, json_of
from tests.shared_db.factories_admin import make_allowlist_entry, make_installation

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


@pytest.mark.parametrize("path", ["/allowlist", "/installations"])
async def test_an_empty_list_is_200_with_no_items(both: SideBySide, path: str) -> None:
    answer = await both.same(path)

    assert (answer.status, json_of(answer)) == (200, [])


async def test_the_allowlist_in_the_order_added(both: SideBySide, session: Session) -> None:
    make_allowlist_entry(session, "gitlab.com/zeta", AllowlistStatus.waiting)
    make_allowlist_entry(session, "github.com/alpha", fas_account="alice")
    make_allowlist_entry(session, "gitlab.com/group/sub/repo.git", AllowlistStatus.denied)

    answer = await both.same("/allowlist")

    assert [entry["namespace"] for entry in json_of(answer)] == [
        "gitlab.com/zeta",
        "github.com/alpha",
        "gitlab.com/group/sub/repo.git",
    ]


@pytest.mark.parametrize(
    ("namespace", "status"),
    [
        ("github.com/packit", 200),
        ("gitlab.com/group/sub/repo.git", 200),
        ("github.com/other", 204),
        ("github.com", 204),
        ("github.com/packit/x", 204),
        ("github.com/packit/", 204),
    ],
)
async def test_one_allowlist_entry(
    both: SideBySide, session: Session, namespace: str, status: int
) -> None:
    make_allowlist_entry(session, "github.com/packit")
    make_allowlist_entry(session, "gitlab.com/group/sub/repo.git", AllowlistStatus.denied)

    answer = await both.same(f"/allowlist/{namespace}")

    assert answer.status == status
    assert (answer.body == b"") is (status == 204)


async def test_installations_in_the_order_added(both: SideBySide, session: Session) -> None:
    make_installation(session, "second-added", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    make_installation(session, "first-login", datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC))

    answer = await both.same("/installations")

    assert [i["account_login"] for i in json_of(answer)] == ["second-added", "first-login"]


async def test_created_at_is_day_first_in_utc(both: SideBySide, session: Session) -> None:
    two_hours_east = timezone(timedelta(hours=2))
    installation = make_installation(
        session, created_at=datetime(2026, 3, 4, 1, 6, 7, tzinfo=two_hours_east)
    )

    answer = await both.same(f"/installations/{installation.id}")

    assert json_of(answer)["created_at"] == "03/03/2026 23:06:07"


@pytest.mark.parametrize(("offset", "status"), [(0, 200), (1, 204)])
async def test_one_installation(
    both: SideBySide, session: Session, offset: int, status: int
) -> None:
    installation = make_installation(session)

    answer = await both.same(f"/installations/{installation.id + offset}")

    assert answer.status == status


@pytest.mark.parametrize(("unknown", "status"), [("0", 204), ("abc", 404), ("2147483648", 404)])
async def test_ids_that_name_no_installation(both: SideBySide, unknown: str, status: int) -> None:
    """An id no row can have is 204; what is no id at all is the router's 404 page."""
    assert (await both.same(f"/installations/{unknown}")).status == status
