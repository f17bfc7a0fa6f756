"""The legacy lists' deep pages walk an index (migration 0009): the projects list in its
name order on both databases; the SRPM and Testing Farm id walks, on SQLite, over a
narrow index rather than the table's own rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from shared_db.queries.pages import PageWindow
from shared_db.queries.projects import list_projects
from shared_db.queries.srpm_builds import list_srpm_builds
from shared_db.queries.testing_farm import list_test_runs


def first_statement_plan(session: Session, run: Callable[[], Any]) -> str:
    """The plan of the first statement ``run`` executes, with the values it ran with.
    PostgreSQL is kept off sequential and bitmap scans (a test's tables are tiny: those are
    cheaper there, and the question is whether an index can serve the page at all)."""
    connection = session.connection()
    executed: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        connection.execute(text("SET LOCAL enable_bitmapscan = off"))
    event.listen(connection, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    statement, parameters = executed[0]
    explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
    rows = connection.exec_driver_sql(explain + statement, parameters)
    return "\n".join(str(row[0] if postgresql else row[-1]) for row in rows)


DEEP = PageWindow.of_page(100, 20)


def test_the_projects_list_walks_its_name_order(session: Session) -> None:
    plan = first_statement_plan(session, lambda: list_projects(session, DEEP))

    assert "ix_git_projects_namespace" in plan, plan
    assert "Sort" not in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize(
    ("listing", "table"),
    [(list_srpm_builds, "srpm_builds"), (list_test_runs, "tft_test_run_targets")],
)
def test_an_id_walk_reads_a_narrow_index(
    session: Session, listing: Callable[[Session, PageWindow], Any], table: str
) -> None:
    plan = first_statement_plan(session, lambda: listing(session, DEEP))

    if session.connection().dialect.name == "postgresql":
        assert f"Index Only Scan Backward using pk_{table}" in plan, plan
    else:
        assert f"USING COVERING INDEX ix_{table}_id" in plan, plan
