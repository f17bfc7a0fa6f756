"""What shadowing costs the client: a legacy list on the gateway (Flask answering) with
shadow off, at 1 % and at 100 %, side by side in rounds.

Target (issue 9): at most 3 % fewer requests per second at 1 %. What 1 % costs is a
fraction of a percent (one sampled request in a hundred runs the view once more), well
under the drift of this machine from one server to the next, so this step takes at least
five rounds: its ratio is a median of per-round ratios.
"""

from __future__ import annotations

import statistics

from benchmarks.common import Context, Section, spread
from benchmarks.cutover import put
from benchmarks.harness import Matrix, Server

OPERATION = "copr-builds.list"
MIN_ROUNDS = 5
PATH = ("copr list", "/api/copr-builds?page=1&per_page=20")


def run(context: Context) -> list[Section]:
    env = context.env
    try:
        matrix = Matrix(
            [
                (Server.gateway("off", env, lambda: put(env, OPERATION, "legacy")), [PATH]),
                (
                    Server.gateway(
                        "1%", env, lambda: put(env, OPERATION, "shadow", "--rate", "0.01")
                    ),
                    [PATH],
                ),
                (
                    Server.gateway(
                        "100%", env, lambda: put(env, OPERATION, "shadow", "--rate", "1")
                    ),
                    [PATH],
                ),
            ]
        ).run(max(MIN_ROUNDS, context.rounds), context.seconds, context.connections)
    finally:
        put(env, OPERATION, "legacy")
    section = Section(
        f"Shadow overhead on the legacy Copr list ({context.database})",
        ["shadow", "req/s", "CPU µs/req", "p99 ms", "/ off", "/ off by CPU"],
    )
    for name in ("off", "1%", "100%"):
        key = (name, PATH[0])
        ratios = matrix.ratios(key, ("off", PATH[0]))
        by_cpu = matrix.cpu_ratios(key, ("off", PATH[0]))
        section.rows.append(
            [
                name,
                f"{statistics.median(matrix.rates(key)):.0f}",
                f"{statistics.median(matrix.cpu_micros(key)):.0f}",
                f"{statistics.median(matrix.p99s(key)):.1f}",
                spread(ratios, 3),
                spread(by_cpu, 3),
            ]
        )
        section.data[name] = {
            "rps": matrix.rates(key),
            "cpu_us": matrix.cpu_micros(key),
            "over_off": ratios,
            "over_off_by_cpu": by_cpu,
        }
    section.notes.append(
        "target: shadow 1% / off ≥ 0.97x; '/ off by CPU': off's CPU per request over this"
        " one's (the shadow work runs in the same process, so its CPU is counted)"
    )
    return [section]
