"""Requests per second of a v1 list page against its legacy twin, on real servers.

    python -m benchmarks.v1_speed --database-url sqlite:///./var/bench-100k.db

The legacy app runs alone on gunicorn (one sync worker, as it ran before the gateway),
the gateway on uvicorn (one worker); each serves a list page of 20 Copr builds with their
projects to wrk (Debian package ``wrk``), one server at a time, same database, same
duration and connections. The two servers take turns for ``--rounds`` rounds (the machine's
speed drifts between minutes); prints every round and the median rates and ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

LEGACY_PATH = "/api/copr-builds?page=1&per_page=20"
V1_PATH = "/api/v1/copr-builds?limit=20"


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def server(command: list[str], env: dict[str, str], probe: str) -> Iterator[None]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:  # noqa: S310
                    if answer.status in (200, 206):
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"server did not come up: {command}")
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def rate(url: str, seconds: int, connections: int) -> float:
    subprocess.run(["wrk", "-t1", "-c2", "-d2s", url], check=True, capture_output=True)  # warm up
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error answers")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    if not port_is_free(args.port):
        # Otherwise the probe would find that server and measure it instead.
        sys.exit(f"port {args.port} is taken by another server; stop it or pass --port")

    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "GATEWAY_DATABASE_URL": args.database_url, "GATEWAY_LOG_LEVEL": "warning"}
    base = f"http://127.0.0.1:{args.port}"

    legacy_cmd = [
        f"{bin_dir}/gunicorn",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--log-level",
        "warning",
        "gateway.wsgi:create_wsgi_app()",
    ]

    v1_cmd = [
        f"{bin_dir}/uvicorn",
        "--factory",
        "gateway.app:create_app",
        "--workers",
        "1",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    legacy_rates: list[float] = []
    v1_rates: list[float] = []
    for round_number in range(1, args.rounds + 1):
        with server(legacy_cmd, {**env, "SCRIPT_NAME": "/api"}, base + LEGACY_PATH):
            legacy_rates.append(rate(base + LEGACY_PATH, args.seconds, args.connections))
        with server(v1_cmd, env, base + V1_PATH):
            v1_rates.append(rate(base + V1_PATH, args.seconds, args.connections))
        print(
            f"round {round_number}: legacy {legacy_rates[-1]:7.1f} req/s, v1 {v1_rates[-1]:7.1f}"
            f" req/s, {v1_rates[-1] / legacy_rates[-1]:.2f}x",
            flush=True,
        )

    legacy, v1 = statistics.median(legacy_rates), statistics.median(v1_rates)
    ratios = sorted(
        v1_rate / legacy_rate for v1_rate, legacy_rate in zip(v1_rates, legacy_rates, strict=True)
    )
    print(f"legacy on gunicorn  {LEGACY_PATH:40} {legacy:9.1f} req/s (median)")
    print(f"v1 on uvicorn       {V1_PATH:40} {v1:9.1f} req/s (median)")
    print(
        f"v1 / legacy: {v1 / legacy:.2f}x (rounds {ratios[0]:.2f}x to {ratios[-1]:.2f}x;"
        " target: at least 1.5x)"
    )


if __name__ == "__main__":
    main()
