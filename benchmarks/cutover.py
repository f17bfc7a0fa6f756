"""The legacy routes three ways, side by side: the Flask app alone on gunicorn (one sync
worker, and one gthread worker), Flask through the gateway's a2wsgi mount, and the
cut-over FastAPI legacy views on the gateway (one uvicorn worker each); a list page and
``/api/healthz``, the shortest request.

Targets: through the mount ≥ 0.9x gunicorn sync req/s and p99 ≤ 1.5x gunicorn gthread
(issue 12); cut over ≥ 2x gunicorn sync (issue 8).
"""

from __future__ import annotations

import os
import statistics
import subprocess

from benchmarks.common import Context, Section, spread
from benchmarks.harness import BIN, Matrix, Server

PATHS = (("copr list", "/api/copr-builds?page=1&per_page=20"), ("healthz", "/api/healthz"))


def put(env: dict[str, str], name: str, *args: str) -> None:
    """Put operation (or group, or ``all``) ``name`` in a mode, as ops would."""
    subprocess.run(
        [f"{BIN}/gateway", "migration", "set", name, *args, "--force", "--reason", "benchmark"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=60,
    )


def run(context: Context) -> list[Section]:
    env = context.env
    try:
        matrix = Matrix(
            [
                (Server.gunicorn("sync", env, "--workers", "1"), PATHS),
                (Server.gunicorn("gthread", env, "--workers", "1", "--threads", "4"), PATHS),
                (Server.gateway("mount", env, lambda: put(env, "all", "legacy")), PATHS),
                (Server.gateway("cutover", env, lambda: put(env, "all", "cutover")), PATHS),
            ]
        ).run(context.rounds, context.seconds, context.connections)
    finally:
        put(env, "all", "legacy")
    section = Section(
        f"Legacy routes: through the mount and cut over, vs gunicorn ({context.database})",
        [
            "route",
            "stack",
            "req/s",
            "CPU µs/req",
            "p99 ms",
            "/ sync req/s",
            "/ sync by CPU",
            "p99 / gthread p99",
        ],
    )
    for label, _ in PATHS:
        for stack in ("sync", "gthread", "mount", "cutover"):
            key = (stack, label)
            to_sync = matrix.ratios(key, ("sync", label))
            by_cpu = matrix.cpu_ratios(key, ("sync", label))
            p99_ratio = matrix.p99_ratios(key, ("gthread", label))
            section.rows.append(
                [
                    label,
                    stack,
                    f"{statistics.median(matrix.rates(key)):.0f}",
                    f"{statistics.median(matrix.cpu_micros(key)):.0f}",
                    f"{statistics.median(matrix.p99s(key)):.1f}",
                    spread(to_sync),
                    spread(by_cpu),
                    spread(p99_ratio),
                ]
            )
            section.data[f"{label}/{stack}"] = {
                "rps": matrix.rates(key),
                "p99_ms": matrix.p99s(key),
                "cpu_us": matrix.cpu_micros(key),
                "over_sync": to_sync,
                "over_sync_by_cpu": by_cpu,
                "p99_over_gthread_p99": p99_ratio,
            }
    section.notes.append(
        "targets: mount / sync ≥ 0.9x and mount p99 / gthread p99 ≤ 1.5x; cutover / sync ≥ 2x"
    )
    section.notes.append(
        "CPU µs/req: the server's CPU time (all its processes) per request; '/ sync by CPU'"
        " is sync's CPU per request over the stack's, the same ratio measured by what each"
        " request cost rather than by how many got through"
    )
    return [section]
