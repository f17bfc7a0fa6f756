"""What shadowing costs the client: a legacy list on the gateway (Flask answering) with
shadow off, at 1 % and at 100 %, side by side in rounds.

    python -m benchmarks.shadow --database-url sqlite:///./var/bench-100k.db

Target (issue 9): at most 3 % fewer requests per second at 1 %.
"""

from __future__ import annotations

import argparse
import os
import subprocess

from benchmarks.harness import BIN, Comparison, Scenario, Server, ensure_wrk

OPERATION = "copr-builds.list"
PATH = "/api/copr-builds?page=1&per_page=20"


def put(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [f"{BIN}/gateway", "migration", "set", OPERATION, *args, "--reason", "benchmark"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_wrk()
    env = {"GATEWAY_DATABASE_URL": args.database_url, "GATEWAY_LOG_LEVEL": "warning"}
    comparison = Comparison(
        [
            Scenario(Server.gateway("off", env, lambda: put(env, "legacy")), PATH),
            Scenario(Server.gateway("1%", env, lambda: put(env, "shadow", "--rate", "0.01")), PATH),
            Scenario(Server.gateway("100%", env, lambda: put(env, "shadow", "--rate", "1")), PATH),
        ]
    ).run(args.rounds, args.seconds, args.connections)
    put(env, "legacy")
    for name in ("off", "1%", "100%"):
        rate, p99 = comparison.median_rate(name), comparison.median_p99(name)
        print(f"shadow {name:5} {rate:8.1f} req/s, p99 {p99:6.1f} ms")
    for name in ("1%", "100%"):
        median, low, high = comparison.ratio(name, "off")
        print(f"shadow {name} / off: {median:.3f}x (rounds {low:.3f}x to {high:.3f}x)")
    print("target: shadow 1% / off at least 0.97x")


if __name__ == "__main__":
    main()
