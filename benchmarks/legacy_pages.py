"""Cost of a deep legacy list page against page 1, on a seeded database.

    python -m benchmarks.legacy_pages --database-url sqlite:///./var/bench-100k.db

Serves each list through the whole legacy stack (Flask-RESTX, the unit of work, the
shared queries, jsonify) with Flask's test client, so HTTP parsing is the only thing left
out; prints the median time of page 1 and of a deep page and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

from flask.testing import FlaskClient

import legacy_flask
from shared_db.engine import Database, DatabaseConfig

ROUTES = (
    "copr-builds",
    "koji-builds",
    "srpm-builds",
    "testing-farm/results",
    "runs",
    "propose-downstream",
    "bodhi-updates",
)


def median_ms(client: FlaskClient, path: str, repeat: int) -> tuple[float, int]:
    client.get(path)  # warm caches and the connection pool
    timings = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 206, (path, response.status_code)
        size = len(response.get_json())
    return statistics.median(timings) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--deep-page", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("routes", nargs="*", default=list(ROUTES))
    args = parser.parse_args()

    database = Database(DatabaseConfig(url=args.database_url, pool_size=2, max_overflow=0))
    database.start()
    client = legacy_flask.create_app(database).test_client()
    print(
        f"{'route':24} {'page 1 ms':>10} {'page ' + str(args.deep_page) + ' ms':>14} {'ratio':>7}"
    )
    try:
        for route in args.routes:
            first, n_first = median_ms(
                client, f"/{route}?page=1&per_page={args.per_page}", args.repeat
            )
            deep, n_deep = median_ms(
                client, f"/{route}?page={args.deep_page}&per_page={args.per_page}", args.repeat
            )
            print(
                f"{route:24} {first:10.2f} {deep:14.2f} {deep / first:7.1f}"
                f"   ({n_first} and {n_deep} items)"
            )
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
