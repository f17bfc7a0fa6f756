"""p99 latency of every usage route, legacy and v1, answered from the usage summaries.

First the summaries (and the intervals charts asked for lately) are computed once
(`gateway db usage-summaries`, timed: the work the usage job repeats every half freshness
bound, in one process per database). Then one gateway (one uvicorn worker, pinned to
core 0; wrk on core 1, ``CONNECTIONS`` connections) serves every route in turn, for
``context.rounds`` rounds (this shared machine's speed drifts: each route's figure is the
median of its rounds, with the worst round beside it). Before the rounds each route is
asked once, timed: that first answer makes the stored report; the by-id routes are the
ones these answers point to (302 ``<kind>/<id>``, ``Content-Location``). The usage job of
the measured server is kept from running during the measurement (a freshness bound of an
hour) so that each figure is the route's own; the cost of a refresh is the first row of
the section.

Target (issue 11): p99 under 50 ms for every route at 1,000,000 builds
(``make bench-usage BENCH_BUILDS=1000000``).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from email.message import Message

from benchmarks.common import Context, Section, progress
from benchmarks.harness import BIN, Server, wrk

TARGET_MS = 50.0
PAST_KINDS = ("past-day", "past-week", "past-month", "past-year", "total")
CHART = "days=7&hours=0&count=52"
FIRST_ANSWER_TIMEOUT = 600  # s: a report computed in the request, at 1,000,000 builds
SUMMARIES_TIMEOUT = 3600  # s: one round of the usage job, at 1,000,000 builds
CONNECTIONS = 4  # a latency target: few clients at once, not context.connections (8)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str) -> tuple[float, int, Message, bytes]:
    """One request without following redirects: (ms, status, headers, body)."""
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=FIRST_ANSWER_TIMEOUT) as answer:
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
    """Every usage route, legacy and v1 (the by-id ones come from :func:`by_id`)."""
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


def by_id(status: int, headers: Message, path: str) -> str | None:
    """Where a report route's answer can be fetched again by id (None for the others)."""
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
        timeout=SUMMARIES_TIMEOUT,
    )
    return time.perf_counter() - started


def run(context: Context) -> list[Section]:
    env = context.env  # its usage job held off: see Context.env
    progress("  computing the usage summaries (one round of the usage job)")
    summaries = summarize(env)
    progress(f"  summaries computed in {summaries:.1f} s")
    first_ms: dict[str, float] = {}
    p99s: dict[str, list[float]] = {}
    rates: dict[str, list[float]] = {}
    with Server.gateway("gateway", env).running("/api/v1/healthz") as base:
        progress("  asking each route once (the stored reports are made)")
        routes = paths(base)
        for path in list(routes):
            first_ms[path], status, headers, _ = _get(base + path)
            again = by_id(status, headers, path)
            if again is not None:
                routes.append(again)
        for path in routes[len(first_ms) :]:
            first_ms[path] = _get(base + path)[0]
        progress(f"  {len(routes)} routes, first answers in {sum(first_ms.values()):.0f} ms")
        for number in range(1, context.rounds + 1):
            for path in routes:
                reading = wrk(base + path, context.seconds, CONNECTIONS, warmup=1)
                rates.setdefault(path, []).append(reading.rate)
                p99s.setdefault(path, []).append(reading.p99_ms)
            worst = max(routes, key=lambda path: p99s[path][-1])
            progress(
                f"  round {number}/{context.rounds}: worst p99 {p99s[worst][-1]:.1f} ms ({worst})"
            )
    median = {path: statistics.median(values) for path, values in p99s.items()}
    section = Section(
        f"Usage routes, legacy and v1, from the summaries ({context.database})",
        ["route", "first answer ms", "req/s", "p99 ms", "worst round p99 ms"],
        [["usage summaries and charts (one job round)", f"{summaries * 1000:.0f}", "", "", ""]],
        data={"summaries_seconds": summaries},
    )
    for path in routes:
        section.rows.append(
            [
                f"`{path}`",
                f"{first_ms[path]:.1f}",
                f"{statistics.median(rates[path]):.0f}",
                f"{median[path]:.1f}",
                f"{max(p99s[path]):.1f}",
            ]
        )
        section.data[path] = {"first_ms": first_ms[path], "rps": rates[path], "p99_ms": p99s[path]}
    worst = max(routes, key=median.__getitem__)
    over = [path for path in routes if median[path] >= TARGET_MS]
    section.notes += [
        f"worst median p99: {median[worst]:.1f} ms (`{worst}`);"
        f" {len(over)} of {len(routes)} routes at or over {TARGET_MS:.0f} ms",
        f"target (issue 11): p99 < {TARGET_MS:.0f} ms on every route at 1,000,000 builds",
    ]
    return [section]
