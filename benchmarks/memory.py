"""One gateway worker under a 50/50 mixed load: its memory, and each stack's latency.

The gateway (one uvicorn worker, pinned to core 0) serves two wrk processes at once for
the longest of ``context.rss_seconds``: one on the v1 Copr list, one on the legacy Copr
list through the mount, half the connections each. The worker's resident memory is read
from ``/proc`` before the load and at each of ``context.rss_seconds``.

Targets (issue 12): RSS ≤ 150 MiB after 60 s, ≤ 5 % growth from 60 s to 300 s; under this
load, legacy p99 ≤ 2x v1 p99.
"""

from __future__ import annotations

import subprocess
import time

from benchmarks.common import Context, Section, progress
from benchmarks.harness import Reading, Server, parse_wrk, wrk_command

V1 = "/api/v1/copr-builds?limit=20"
LEGACY = "/api/copr-builds?page=1&per_page=20"
CONNECTIONS = 64  # in all, half per stack


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def run(context: Context) -> list[Section]:
    duration = max(context.rss_seconds)
    rss: dict[int, float] = {}
    with Server.gateway("gateway", context.env).started(V1) as (base, pid):
        rss[0] = rss_mib(pid)
        loads = [
            subprocess.Popen(
                wrk_command(base + path, duration, CONNECTIONS // 2),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in (V1, LEGACY)
        ]
        started = time.monotonic()
        try:
            for checkpoint in sorted(context.rss_seconds):
                time.sleep(max(0.0, started + checkpoint - time.monotonic()))
                rss[checkpoint] = rss_mib(pid)
                progress(f"  RSS after {checkpoint} s: {rss[checkpoint]:.1f} MiB")
            readings: list[Reading] = []
            for path, load in zip((V1, LEGACY), loads, strict=True):
                out, _ = load.communicate(timeout=60)
                readings.append(parse_wrk(path, out))
        finally:
            for load in loads:
                if load.poll() is None:
                    load.kill()
                    load.wait()
    v1, legacy = readings
    first, last = min(context.rss_seconds), max(context.rss_seconds)
    growth = (rss[last] / rss[first] - 1) * 100
    section = Section(
        f"One gateway worker, 50/50 mixed load on {CONNECTIONS} connections ({context.database})",
        ["measure", "value"],
        [
            ["RSS before the load", f"{rss[0]:.1f} MiB"],
            *([f"RSS after {t} s", f"{rss[t]:.1f} MiB"] for t in sorted(context.rss_seconds)),
            [f"RSS growth {first} s → {last} s", f"{growth:+.1f} %"],
            ["v1 req/s, p99", f"{v1.rate:.0f}, {v1.p99_ms:.1f} ms"],
            ["legacy req/s, p99", f"{legacy.rate:.0f}, {legacy.p99_ms:.1f} ms"],
            ["legacy p99 / v1 p99", f"{legacy.p99_ms / v1.p99_ms:.2f}x"],
        ],
        ["targets: RSS ≤ 150 MiB at 60 s, growth 60 → 300 s ≤ 5 %; legacy p99 ≤ 2x v1 p99"],
        {
            "rss_mib": {str(t): value for t, value in rss.items()},
            "growth_percent": growth,
            "v1": {"rps": v1.rate, "p99_ms": v1.p99_ms},
            "legacy": {"rps": legacy.rate, "p99_ms": legacy.p99_ms},
        },
    )
    return [section]
