"""Does the paged-statement cache of shared_db.queries.pages still pay? Side by side, in one
run, on a seeded database:

    python -m benchmarks.statement_cache --database-url sqlite:///./var/bench-100k.db

- ``kept``: :func:`~shared_db.queries.pages.fetch_page` as it is, reusing the paged form
  of an unfiltered list's statement object;
- ``compiled cache``: the paged form built again for every page (``Keyset.apply``), so
  only SQLAlchemy's compiled cache (keyed by the statement's cache key) is left;
- ``lambda_stmt``: the paged form as a ``lambda_stmt``, SQLAlchemy's cache for statements
  built in Python, keyed by the lambdas' code and closures.

Each runs the first page and a continued page of the unfiltered Copr build list on one
session; prints microseconds per page (the median of several rounds).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Row, lambda_stmt
from sqlalchemy.orm import Session

from shared_db.engine import Database, DatabaseConfig
from shared_db.models import CoprBuildTarget
from shared_db.queries import copr_builds
from shared_db.queries.pages import Keyset, fetch_page, split_page

STATEMENT = copr_builds._TARGET_ROWS
ID = CoprBuildTarget.id
Pager = Callable[[Session, Keyset], tuple[list[Row[Any]], int | None]]


def kept(session: Session, keyset: Keyset) -> tuple[list[Row[Any]], int | None]:
    return fetch_page(session, keyset, STATEMENT, ID)


def compiled_cache(session: Session, keyset: Keyset) -> tuple[list[Row[Any]], int | None]:
    paged = keyset.apply(STATEMENT, ID)
    params = None if keyset.after is None else {"keyset_after": keyset.after}
    session.flush()
    return split_page(list(session.connection().execute(paged, params)), keyset)


def lambda_statement(session: Session, keyset: Keyset) -> tuple[list[Row[Any]], int | None]:
    statement = lambda_stmt(lambda: STATEMENT)
    after = keyset.after
    if after is not None:
        statement += lambda s: s.where(CoprBuildTarget.id < after)
    limit = keyset.limit + 1
    statement += lambda s: s.order_by(ID.desc()).limit(limit)
    session.flush()
    return split_page(list(session.connection().execute(statement)), keyset)


PAGERS: dict[str, Pager] = {
    "kept": kept,
    "compiled cache": compiled_cache,
    "lambda_stmt": lambda_statement,
}


def per_page_us(session: Session, pager: Pager, pages: int) -> float:
    _, after = pager(session, Keyset(limit=20))
    assert after is not None, "seed more builds"
    continued = Keyset(limit=20, after=after)
    started = time.perf_counter()
    for _ in range(pages):
        pager(session, Keyset(limit=20))
        pager(session, continued)
    return (time.perf_counter() - started) / (2 * pages) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    database = Database(DatabaseConfig(url=args.database_url))
    database.start()
    try:
        with database.session() as session:
            rows = {name: pager(session, Keyset(limit=20))[0] for name, pager in PAGERS.items()}
            assert all(page == rows["kept"] for page in rows.values()), "pagers disagree"
            timings: dict[str, list[float]] = {name: [] for name in PAGERS}
            for _ in range(args.rounds):  # interleaved, so drift hits all alike
                for name, pager in PAGERS.items():
                    timings[name].append(per_page_us(session, pager, args.pages))
    finally:
        database.dispose()
    base = statistics.median(timings["kept"])
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:>15}: {median:8.1f} µs per page ({median / base:.2f}x kept)")


if __name__ == "__main__":
    main()
