"""Real servers on loopback, measured with wrk, side by side in rounds.

Each scenario is a server command plus a URL. Servers take turns, one at a time, for a
number of rounds (this machine's speed drifts from minute to minute, so only ratios
measured in the same run mean anything); with two cores or more, the server is pinned to
core 0 and wrk to core 1 (``taskset``). Every measurement keeps req/s, mean and p99
latency; a report gives medians and the spread of per-round ratios.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

BIN = os.path.dirname(sys.executable)


def ensure_wrk() -> None:
    if shutil.which("wrk") is not None:
        return
    print("wrk is missing: installing it (apt-get install wrk)", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _pinned(command: list[str], core: int) -> list[str]:
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", str(core), *command]


@dataclass(frozen=True)
class Server:
    """How to start one server; ``{port}`` in the command is replaced."""

    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None  # e.g. put an operation in a mode

    @classmethod
    def gunicorn(cls, name: str, env: dict[str, str], *options: str) -> Server:
        return cls(
            name,
            [
                f"{BIN}/gunicorn",
                *options,
                "--bind",
                "127.0.0.1:{port}",
                "--log-level",
                "warning",
                "gateway.wsgi:create_wsgi_app()",
            ],
            {**env, "SCRIPT_NAME": "/api"},
        )

    @classmethod
    def gateway(
        cls, name: str, env: dict[str, str], before: Callable[[], None] | None = None
    ) -> Server:
        return cls(
            name,
            [
                f"{BIN}/uvicorn",
                "--factory",
                "gateway.app:create_app",
                "--workers",
                "1",
                "--host",
                "127.0.0.1",
                "--port",
                "{port}",
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env,
            before,
        )

    @contextmanager
    def running(self, probe_path: str) -> Iterator[str]:
        if self.before is not None:
            self.before()
        port = free_port()
        command = [part.replace("{port}", str(port)) for part in self.command]
        process = subprocess.Popen(
            _pinned(command, 0),
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited: {process.stderr.read().decode()}")  # type: ignore[union-attr]
                try:
                    with urllib.request.urlopen(base + probe_path, timeout=2) as answer:  # noqa: S310
                        if answer.status < 400:
                            break
                except (OSError, urllib.error.URLError):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{self.name} did not come up") from None
                    time.sleep(0.1)
            yield base
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass(frozen=True)
class Reading:
    rate: float  # requests per second
    mean_ms: float
    p99_ms: float


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, seconds: int, connections: int, warmup: int = 2) -> Reading:
    subprocess.run(
        _pinned(["wrk", "-t1", "-c2", f"-d{warmup}s", url], 1), check=True, capture_output=True
    )
    out = subprocess.run(
        _pinned(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url], 1),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error answers")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    mean = re.search(r"Latency\s+([\d.]+(?:us|ms|s))", out)
    p99 = re.search(r"\s99%\s+([\d.]+(?:us|ms|s))", out)
    if rate is None or mean is None or p99 is None:
        raise RuntimeError(f"unexpected wrk output: {out}")
    return Reading(float(rate.group(1)), _ms(mean.group(1)), _ms(p99.group(1)))


@dataclass(frozen=True)
class Scenario:
    server: Server
    path: str


@dataclass
class Comparison:
    """Scenarios measured in turns; ``readings[name]`` has one Reading per round."""

    scenarios: Sequence[Scenario]
    readings: dict[str, list[Reading]] = field(default_factory=dict)

    def run(self, rounds: int, seconds: int, connections: int) -> Comparison:
        for number in range(1, rounds + 1):
            shown = []
            for scenario in self.scenarios:
                with scenario.server.running(scenario.path) as base:
                    reading = wrk(base + scenario.path, seconds, connections)
                self.readings.setdefault(scenario.server.name, []).append(reading)
                shown.append(f"{scenario.server.name} {reading.rate:7.1f} req/s")
            print(f"round {number}: " + ", ".join(shown), flush=True)
        return self

    def median_rate(self, name: str) -> float:
        return statistics.median(reading.rate for reading in self.readings[name])

    def median_p99(self, name: str) -> float:
        return statistics.median(reading.p99_ms for reading in self.readings[name])

    def ratio(self, name: str, baseline: str) -> tuple[float, float, float]:
        """Median of the per-round ratios of ``name`` to ``baseline``, with min and max."""
        ratios = sorted(
            ours.rate / theirs.rate
            for ours, theirs in zip(self.readings[name], self.readings[baseline], strict=True)
        )
        return statistics.median(ratios), ratios[0], ratios[-1]
