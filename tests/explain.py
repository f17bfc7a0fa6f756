"""The query plan of a statement as each database tells it (EXPLAIN on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite), for tests that a deep page walks an index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


def plan_of(session: Session, statement: Any, offset: int, limit: int = 20) -> str:
    """The plan of ``statement`` for a page at ``offset``, one line per step. PostgreSQL is
    kept off sequential and bitmap scans for the transaction: on a test's tiny tables they
    are cheaper, and the question is whether an index can serve the page at all."""
    connection = session.connection()
    compiled = statement.compile(connection)
    values = compiled.construct_params({"offset": offset, "limit": limit})
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        connection.execute(text("SET LOCAL enable_bitmapscan = off"))
        rows = connection.exec_driver_sql(f"EXPLAIN {compiled.string}", values)
        return "\n".join(row[0] for row in rows)
    positional = tuple(values[name] for name in compiled.positiontup or ())
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", positional)
    return "\n".join(row[-1] for row in rows)
