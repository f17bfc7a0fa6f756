"""Real servers on loopback, measured with wrk, side by side in rounds.

Each server is a command plus the paths it answers. Servers take turns, one at a time, for a
number of rounds (this machine's speed drifts from minute to minute, so only ratios
measured in the same run mean anything); with two cores or more, the server is pinned to
core 0 and wrk to core 1 (``taskset``). Every measurement keeps req/s, mean and p99
latency, and, when it knows the server's process, the CPU time the server (with its
worker processes) spent per request: req/s falls when something else takes the server's
core, CPU per request does not, so it is the steadier figure on a busy machine. A report
gives medians and the spread of per-round ratios.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

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
        cls,
        name: str,
        env: dict[str, str],
        before: Callable[[], None] | None = None,
        factory: str = "gateway.app:create_app",
    ) -> Server:
        return cls(
            name,
            [
                f"{BIN}/uvicorn",
                "--factory",
                factory,
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
        with self.started(probe_path) as (base, _pid):
            yield base

    @contextmanager
    def started(self, probe_path: str) -> Iterator[tuple[str, int]]:
        """The server up and answering ``probe_path``: its base URL and process id."""
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
            # Generous: on a loaded machine the gateway has taken over a minute to start.
            deadline = time.monotonic() + 180
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
            yield base, process.pid
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
    cpu_us: float = math.nan  # server CPU time per request, when its process is known


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its descendants alive now (gunicorn's
    and uvicorn's workers are children of the process started), from /proc."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, seconds)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile
            continue
        # After the name: state, ppid, ... utime and stime are fields 14 and 15 of stat(5).
        stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS)
    total, family = 0.0, {pid}
    for candidate in sorted(stats):  # a child's id is usually above its parent's
        parent, seconds = stats[candidate]
        if candidate in family or parent in family:
            family.add(candidate)
            total += seconds
    return total


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk_command(url: str, seconds: int, connections: int) -> list[str]:
    """wrk on core 1, with a socket timeout, so that no run outlasts its duration by much."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    return _pinned([*command, url], 1)


def wrk(
    url: str, seconds: int, connections: int, warmup: int = 2, server_pid: int | None = None
) -> Reading:
    """One wrk run after a warm-up; with ``server_pid``, also the server's CPU time per
    request over the run (not the warm-up)."""
    if warmup:
        subprocess.run(
            _pinned(["wrk", "-t1", "-c2", f"-d{warmup}s", url], 1),
            check=True,
            capture_output=True,
            timeout=warmup + 30,
        )
    cpu_before = tree_cpu_seconds(server_pid) if server_pid is not None else math.nan
    out = subprocess.run(
        wrk_command(url, seconds, connections),
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    reading = parse_wrk(url, out)
    if server_pid is None:
        return reading
    cpu = tree_cpu_seconds(server_pid) - cpu_before
    requests = re.search(r"(\d+) requests in", out)
    count = int(requests.group(1)) if requests else 0
    return replace(reading, cpu_us=cpu * 1e6 / count if count else math.nan)


def parse_wrk(url: str, out: str) -> Reading:
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error answers")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    mean = re.search(r"Latency\s+([\d.]+(?:us|ms|s))", out)
    p99 = re.search(r"\s99%\s+([\d.]+(?:us|ms|s))", out)
    if rate is None or mean is None or p99 is None:
        raise RuntimeError(f"unexpected wrk output: {out}")
    return Reading(float(rate.group(1)), _ms(mean.group(1)), _ms(p99.group(1)))


Key = tuple[str, str]  # (server name, path label)


@dataclass
class Matrix:
    """Servers taking turns, one at a time, for a number of rounds; while a server is up,
    wrk measures each of its paths in turn. ``readings[(server, label)]`` has one
    Reading per round, so ratios are taken between readings of the same round."""

    stacks: Sequence[tuple[Server, Sequence[tuple[str, str]]]]  # server, [(label, path)]
    readings: dict[Key, list[Reading]] = field(default_factory=dict)

    def run(self, rounds: int, seconds: int, connections: int) -> Matrix:
        for number in range(1, rounds + 1):
            for server, paths in self.stacks:
                with server.started(paths[0][1]) as (base, pid):
                    shown = []
                    for label, path in paths:
                        reading = wrk(base + path, seconds, connections, warmup=1, server_pid=pid)
                        self.readings.setdefault((server.name, label), []).append(reading)
                        shown.append(f"{label} {reading.rate:.0f}/s {reading.cpu_us:.0f} µs CPU")
                print(f"  round {number}/{rounds} {server.name}: {', '.join(shown)}", flush=True)
        return self

    def rates(self, key: Key) -> list[float]:
        return [reading.rate for reading in self.readings[key]]

    def p99s(self, key: Key) -> list[float]:
        return [reading.p99_ms for reading in self.readings[key]]

    def cpu_micros(self, key: Key) -> list[float]:
        """The server's CPU time per request, in µs (see :class:`Reading`)."""
        return [reading.cpu_us for reading in self.readings[key]]

    def cpu_ratios(self, key: Key, baseline: Key) -> list[float]:
        """Per-round ratios of the CPU per request of ``baseline`` to that of ``key``: like
        :meth:`ratios`, above 1 when ``key`` is the cheaper (the faster) one."""
        return [
            theirs.cpu_us / ours.cpu_us if ours.cpu_us else math.nan
            for ours, theirs in zip(self.readings[key], self.readings[baseline], strict=True)
        ]

    def micros(self, key: Key) -> list[float]:
        """Wall time per request of the server's one core, in µs (it runs saturated)."""
        return [1e6 / reading.rate if reading.rate else math.nan for reading in self.readings[key]]

    def ratios(self, key: Key, baseline: Key) -> list[float]:
        """Per-round ratios of the req/s of ``key`` to those of ``baseline`` (NaN for a
        round where the baseline answered nothing in time)."""
        return [
            ours.rate / theirs.rate if theirs.rate else math.nan
            for ours, theirs in zip(self.readings[key], self.readings[baseline], strict=True)
        ]

    def p99_ratios(self, key: Key, baseline: Key) -> list[float]:
        return [
            ours.p99_ms / theirs.p99_ms if theirs.p99_ms else math.nan
            for ours, theirs in zip(self.readings[key], self.readings[baseline], strict=True)
        ]
