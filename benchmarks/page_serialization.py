"""A v1 page of 20 Copr builds written to JSON by hand and as FastAPI writes a returned
``Page`` model, side by side, on a seeded database:

    python -m benchmarks.page_serialization --database-url sqlite:///./var/bench-100k.db

- ``by hand``: the page's own ``model_dump_json`` into a ``Response`` (what the list
  routes did before they returned ``Page`` models);
- ``as FastAPI``: the page checked against the route's response model and dumped to JSON
  by the same pydantic-core calls FastAPI makes for a route that returns a model.

Both give the same bytes (checked); prints microseconds per page, best of several rounds.
"""

from __future__ import annotations

import argparse
import timeit
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter

from api_v1.pagination import Page
from api_v1.schemas.copr_builds import CoprBuildRead
from shared_db.engine import Database, DatabaseConfig
from shared_db.queries import copr_builds
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Keyset, row_dicts

ANY_PAGE = Page[Any]
ROUTE_MODEL = TypeAdapter(Page[CoprBuildRead])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    database = Database(DatabaseConfig(url=args.database_url))
    database.start()
    try:
        with database.session() as session:
            rows, _ = copr_builds.copr_build_rows(session, Keyset(limit=20), WorkFilters())
            items = [CoprBuildRead.of_row(r) for r in row_dicts(rows)]
    finally:
        database.dispose()

    def by_hand() -> bytes:
        page = ANY_PAGE.model_construct(items=items, next_cursor="next")
        return bytes(Response(page.model_dump_json(), media_type="application/json").body)

    def as_fastapi() -> bytes:
        page = ANY_PAGE.model_construct(items=items, next_cursor="next")
        return ROUTE_MODEL.dump_json(ROUTE_MODEL.validate_python(page, from_attributes=True))

    assert by_hand() == as_fastapi(), "the two ways write different JSON"
    for name, way in (("by hand", by_hand), ("as FastAPI", as_fastapi)):
        best = min(timeit.repeat(way, number=args.number, repeat=args.rounds)) / args.number
        print(f"{name:>10}: {best * 1e6:7.1f} µs per page of {len(items)}")


if __name__ == "__main__":
    main()
