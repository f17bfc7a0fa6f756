"""Keyset pages (shared_db.queries.pages): order, continuation and statement reuse."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from shared_db.models import AllowlistEntry, AllowlistStatus
from shared_db.queries.pages import Keyset, fetch_page, where_all

ENTRIES = select(AllowlistEntry.id, AllowlistEntry.namespace)


@pytest.fixture
def ids(session: Session) -> list[int]:
    entries = [
        AllowlistEntry(namespace=f"github.com/ns{index}", status=AllowlistStatus.approved_manually)
        for index in range(5)
    ]
    session.add_all(entries)
    session.flush()
    return sorted(entry.id for entry in entries)


@pytest.fixture
def executed(session: Session) -> Iterator[list[Any]]:
    """The statement objects the session's connection executes."""
    seen: list[Any] = []
    engine = session.connection().engine

    def record(_conn: Any, statement: Any, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_execute", record)
    yield seen
    event.remove(engine, "before_execute", record)


def test_pages_walk_newest_first_and_end(session: Session, ids: list[int]) -> None:
    first, after = fetch_page(session, Keyset(limit=2), ENTRIES, AllowlistEntry.id)
    second, after2 = fetch_page(session, Keyset(limit=2, after=after), ENTRIES, AllowlistEntry.id)
    third, end = fetch_page(session, Keyset(limit=2, after=after2), ENTRIES, AllowlistEntry.id)

    walked = [row.id for row in first + second + third]
    assert walked == ids[::-1]
    assert (after, after2, end) == (ids[3], ids[1], None)


def test_oldest_first(session: Session, ids: list[int]) -> None:
    keyset = Keyset(limit=3, after=ids[0], ascending=True)
    rows, after = fetch_page(session, keyset, ENTRIES, AllowlistEntry.id)

    assert [row.id for row in rows] == ids[1:4]
    assert after == ids[3]


def test_every_page_of_a_shape_runs_one_statement_object(
    session: Session, ids: list[int], executed: list[Any]
) -> None:
    for after in ids[2:]:
        fetch_page(session, Keyset(limit=2, after=after), ENTRIES, AllowlistEntry.id)
    fetch_page(session, Keyset(limit=2), ENTRIES, AllowlistEntry.id)
    fetch_page(session, Keyset(limit=3), ENTRIES, AllowlistEntry.id)

    continued, first_of_2, first_of_3 = executed[:3], executed[3], executed[4]
    assert all(statement is continued[0] for statement in continued)
    assert len({id(first_of_2), id(first_of_3), id(continued[0])}) == 3


def test_a_filtered_statement_is_not_kept(session: Session, ids: list[int]) -> None:
    namespace = AllowlistEntry.namespace == "github.com/ns1"
    statement = where_all(ENTRIES, [namespace])
    rows, _ = fetch_page(session, Keyset(limit=2), statement, AllowlistEntry.id)
    alive = weakref.ref(statement)

    # Dropped with its last reference: a statement holds no reference cycle, so no
    # collection (seconds, in a process as full as a test run's) is waited for.
    del statement

    assert [row.id for row in rows] == [ids[1]]
    assert alive() is None


def test_where_all_keeps_the_statement_without_conditions() -> None:
    assert where_all(ENTRIES, []) is ENTRIES
    assert where_all(ENTRIES, [AllowlistEntry.id > 1]) is not ENTRIES
