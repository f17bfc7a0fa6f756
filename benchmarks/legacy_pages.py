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


def last_page(client: FlaskClient, route: str, per_page: int) -> int:
    """The deepest page that still has items (binary search over page numbers)."""
    low, high = 1, 1
    while client.get(f"/{route}?page={high}&per_page={per_page}").get_json():
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if client.get(f"/{route}?page={middle}&per_page={per_page}").get_json():
            low = middle
        else:
            high = middle
    return low


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
    deep = f"page {args.deep_page} ms"
    columns = f"{'page 1 ms':>10} {deep:>14} {'ratio':>6} {'last page':>10} {'ms':>7} {'ratio':>6}"
    print(f"{'route':22} {columns}")
    try:
        for route in args.routes:
            query = f"per_page={args.per_page}"
            first, _ = median_ms(client, f"/{route}?page=1&{query}", args.repeat)
            deep_ms, _ = median_ms(client, f"/{route}?page={args.deep_page}&{query}", args.repeat)
            last = last_page(client, route, args.per_page)
            last_ms, _ = median_ms(client, f"/{route}?page={last}&{query}", args.repeat)
            print(
                f"{route:22} {first:10.2f} {deep_ms:14.2f} {deep_ms / first:6.1f}"
                f" {last:10d} {last_ms:7.2f} {last_ms / first:6.1f}"
            )
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
