"""p99 latency of every usage route, legacy and v1, answered from the usage summaries.

    python -m benchmarks.usage --database-url sqlite:///./var/bench.db

First the summaries (and the intervals charts asked for lately) are computed once
(`gateway db usage-summaries`, timed: the work the usage job repeats every half freshness
bound, in one process per database). Then one
gateway (one uvicorn worker, pinned to core 0, wrk on core 1) serves every route in turn,
for a few rounds (this shared machine's speed drifts: each route's figure is the median of
its rounds, with the worst round beside it); each is asked once before wrk measures it
(the stored reports are made then: that first answer is timed too). The usage job of
the measured server is kept from running during the measurement (a freshness bound of an
hour) so that each figure is the route's own; the cost of a refresh is the first line of
the report.

Target (issue 11): p99 under 50 ms for every route at 1,000,000 builds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

from benchmarks.harness import BIN, Server, ensure_wrk, wrk

TARGET_MS = 50.0
PAST_KINDS = ("past-day", "past-week", "past-month", "past-year", "total")
CHART = "days=7&hours=0&count=52"


@dataclass
class Row:
    path: str
    first_ms: list[float] = field(default_factory=list)
    rate: list[float] = field(default_factory=list)
    p99_ms: list[float] = field(default_factory=list)

    @property
    def median_p99(self) -> float:
        return statistics.median(self.p99_ms)


def _get(url: str) -> tuple[float, int, Message, bytes]:
    """One request without following redirects: (ms, status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=600) as answer:
            status, headers, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as redirect:  # a 302 arrives as an "error"
        status, headers, body = redirect.code, redirect.headers, b""
    return (time.perf_counter() - started) * 1000, status, headers, body


def busiest_project(base: str) -> str:
    _, _, _, body = _get(f"{base}/api/v1/usage?top=1")
    (top,) = json.loads(body)["active_projects"]["top_projects"]
    url: str = top["project_url"]
    return url.removeprefix("https://")


def paths(base: str) -> list[str]:
    """Every usage route; the by-id ones with the ids their first answers gave."""
    project = busiest_project(base)
    found: list[str] = []
    for prefix in ("/api", "/api/v1"):
        found += [
            f"{prefix}/usage",
            f"{prefix}/usage?top=5",
            f"{prefix}/usage/project/{project}",
            f"{prefix}/usage/onboarded-projects",
        ]
        for kind in (*PAST_KINDS, "intervals"):
            path = f"{prefix}/usage/{kind}" + (f"?{CHART}" if kind == "intervals" else "")
            found.append(path)
    return found


def by_id(base: str, path: str) -> str | None:
    """Where a report route's answer can be fetched again by id (None for the others)."""
    _, status, headers, _ = _get(base + path)
    if status == 302:
        return f"/api/usage/{headers.get('location')}"
    if path.startswith("/api/v1/usage/") and "/project/" not in path and "onboarded" not in path:
        return str(headers.get("content-location"))
    return None


def summarize(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [f"{BIN}/gateway", "db", "usage-summaries"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_wrk()
    env = {
        "GATEWAY_DATABASE_URL": args.database_url,
        "GATEWAY_LOG_LEVEL": "warning",
        "GATEWAY_USAGE_FRESHNESS_SECONDS": "3600",
    }
    seconds = summarize(env)
    print(
        f"usage summaries and intervals charts computed in {seconds:.1f} s"
        " (one round of the usage job)"
    )
    rows: dict[str, Row] = {}
    with Server.gateway("gateway", env).running("/api/v1/healthz") as base:
        routes = paths(base)
        for path in list(routes):
            fetch_again = by_id(base, path)
            if fetch_again is not None:
                routes.append(fetch_again)
        for number in range(1, args.rounds + 1):
            for path in routes:
                row = rows.setdefault(path, Row(path))
                row.first_ms.append(_get(base + path)[0])
                reading = wrk(base + path, args.seconds, args.connections)
                row.rate.append(reading.rate)
                row.p99_ms.append(reading.p99_ms)
            print(f"round {number} of {args.rounds} done", flush=True)
    print(f"{'route':62} {'first ms':>9} {'req/s':>8} {'p99 ms':>8} {'worst p99':>10}")
    for row in rows.values():
        print(
            f"{row.path:62} {statistics.median(row.first_ms):9.1f}"
            f" {statistics.median(row.rate):8.1f} {row.median_p99:8.1f} {max(row.p99_ms):10.1f}"
        )
    slow = [row for row in rows.values() if row.median_p99 >= TARGET_MS]
    worst = max(rows.values(), key=lambda row: row.median_p99)
    print(
        f"worst median p99: {worst.median_p99:.1f} ms ({worst.path});"
        f" target: under {TARGET_MS:.0f} ms"
    )
    print("every route under the target" if not slow else f"{len(slow)} routes over the target")


if __name__ == "__main__":
    main()
