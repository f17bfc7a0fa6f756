"""A legacy list route three ways, side by side: Flask alone on gunicorn (one sync worker,
as it ran before the gateway), Flask through the gateway's a2wsgi mount, and its cut-over
FastAPI legacy view on the gateway (one uvicorn worker each).

    python -m benchmarks.cutover --database-url sqlite:///./var/bench-100k.db

Target (issue 8): the cut-over view serves at least twice the requests of gunicorn.
"""

from __future__ import annotations

import argparse
import os
import subprocess

from benchmarks.harness import BIN, Comparison, Scenario, Server, ensure_wrk

OPERATION = "copr-builds.list"
PATH = "/api/copr-builds?page=1&per_page=20"


def put(env: dict[str, str], mode: str) -> None:
    subprocess.run(
        [f"{BIN}/gateway", "migration", "set", OPERATION, mode, "--force", "--reason", "benchmark"],
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
            Scenario(Server.gunicorn("gunicorn", env, "--workers", "1"), PATH),
            Scenario(Server.gateway("mount", env, lambda: put(env, "legacy")), PATH),
            Scenario(Server.gateway("cutover", env, lambda: put(env, "cutover")), PATH),
        ]
    ).run(args.rounds, args.seconds, args.connections)
    put(env, "legacy")
    for name in ("gunicorn", "mount", "cutover"):
        rate, p99 = comparison.median_rate(name), comparison.median_p99(name)
        print(f"{name:9} {rate:8.1f} req/s, p99 {p99:6.1f} ms")
    for name in ("mount", "cutover"):
        median, low, high = comparison.ratio(name, "gunicorn")
        print(f"{name} / gunicorn: {median:.2f}x (rounds {low:.2f}x to {high:.2f}x)")
    print("target: cutover / gunicorn at least 2x")


if __name__ == "__main__":
    main()
