"""v1 list pages against their legacy twins and against the practical limit.

Servers, one at a time, in rounds: the gateway (one uvicorn worker) answering the v1
lists, the legacy Flask app alone on gunicorn with one sync worker and with one gthread
worker (as it ran before the gateway) answering their legacy twins, and the reference
raw-ASGI app (:mod:`benchmarks.reference`) answering the v1 Copr page. Each is pinned to
one core, so 1/(req/s) is its cost per request.

Targets (issue 12): v1 ≥ 3x legacy on gunicorn, sync and gthread; a v1 page of 20 within
3x of the reference's cost per request.
"""

from __future__ import annotations

import statistics

from benchmarks.common import Context, Section, spread
from benchmarks.harness import Matrix, Server

# label, v1 path, legacy twin path: pages of 20.
LISTS = (
    ("copr-builds", "/api/v1/copr-builds?limit=20", "/api/copr-builds?page=1&per_page=20"),
    ("koji-builds", "/api/v1/koji-builds?limit=20", "/api/koji-builds?page=1&per_page=20"),
    ("srpm-builds", "/api/v1/srpm-builds?limit=20", "/api/srpm-builds?page=1&per_page=20"),
    (
        "testing-farm",
        "/api/v1/testing-farm/results?limit=20",
        "/api/testing-farm/results?page=1&per_page=20",
    ),
    ("runs", "/api/v1/runs?limit=20", "/api/runs?page=1&per_page=20"),
    ("projects", "/api/v1/projects?limit=20", "/api/projects?page=1&per_page=20"),
)
REFERENCE = ("copr-builds", "/api/v1/copr-builds?limit=20")


def run(context: Context) -> list[Section]:
    env = context.env
    matrix = Matrix(
        [
            (Server.gateway("v1", env), [(label, v1) for label, v1, _ in LISTS]),
            (
                Server.gunicorn("sync", env, "--workers", "1"),
                [(label, legacy) for label, _, legacy in LISTS],
            ),
            (
                Server.gunicorn("gthread", env, "--workers", "1", "--threads", "4"),
                [(label, legacy) for label, _, legacy in LISTS],
            ),
            (
                Server.gateway("reference", env, factory="benchmarks.reference:create_app"),
                [REFERENCE],
            ),
        ]
    ).run(context.rounds, context.seconds, context.connections)
    reference = ("reference", REFERENCE[0])
    section = Section(
        f"v1 lists vs legacy twins on gunicorn, and vs the raw-ASGI reference ({context.database})",
        [
            "list",
            "v1 req/s",
            "v1 µs/req",
            "v1 p99 ms",
            "v1 / sync",
            "v1 / gthread",
            "v1 cost / reference",
        ],
    )
    for label, _, _ in LISTS:
        v1 = ("v1", label)
        to_sync = matrix.ratios(v1, ("sync", label))
        to_gthread = matrix.ratios(v1, ("gthread", label))
        cost = matrix.ratios(reference, v1)  # reference req/s over v1 req/s
        section.rows.append(
            [
                label,
                f"{statistics.median(matrix.rates(v1)):.0f}",
                f"{statistics.median(matrix.micros(v1)):.0f}",
                f"{statistics.median(matrix.p99s(v1)):.1f}",
                spread(to_sync),
                spread(to_gthread),
                spread(cost),
            ]
        )
        section.data[label] = {
            "v1_rps": matrix.rates(v1),
            "sync_rps": matrix.rates(("sync", label)),
            "gthread_rps": matrix.rates(("gthread", label)),
            "v1_p99_ms": matrix.p99s(v1),
            "v1_over_sync": to_sync,
            "v1_over_gthread": to_gthread,
            "v1_cost_over_reference": cost,
        }
    ref_us = statistics.median(matrix.micros(reference))
    section.data["reference_rps"] = matrix.rates(reference)
    section.notes.append(
        f"reference (raw ASGI, plain driver, stdlib json, v1 Copr page of 20): "
        f"{ref_us:.0f} µs/req; legacy sync / gthread µs/req on the Copr list: "
        f"{statistics.median(matrix.micros(('sync', 'copr-builds'))):.0f} / "
        f"{statistics.median(matrix.micros(('gthread', 'copr-builds'))):.0f}"
    )
    section.notes.append(
        "targets: v1 / sync and v1 / gthread ≥ 3x; v1 cost / reference ≤ 3x (every list)"
    )
    return [section]
