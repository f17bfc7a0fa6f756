"""The live feed's fan-out: SSE streams on one gateway worker (pinned to core 0), fed by
status changes committed with plain SQL by another connection, as a worker of the service
would.

    python -m benchmarks.events --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_events

Two phases, with ``--clients`` streams open (500):

- latency: one status change committed every ``--interval`` seconds; for every delivery to
  every stream, the time from the commit's return to the event's arrival (p50, p99, max);
- throughput: ``--events`` changes, ``--burst`` rows per transaction, committed back to
  back; events delivered per second, summed over the streams, from the first commit until
  the last stream has the last event.

Every stream must receive every event exactly once; the report says whether it did. The
clients run in this process (pinned to core 1), on raw sockets, reading only the ids.

Targets (issue 11): commit-to-delivery p99 under 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.harness import BIN, Server
from shared_db.engine import DatabaseConfig, build_engine

START_ATTEMPTS = 3
ID = re.compile(rb"^id: (\d+)$", re.MULTILINE)
FLIP = text(
    "UPDATE copr_build_targets SET status = CASE status"
    " WHEN 'pending' THEN 'failure' ELSE 'pending' END"
    " WHERE id IN (SELECT id FROM copr_build_targets ORDER BY id LIMIT :n)"
)


@dataclass
class Deliveries:
    """What the streams received: (event id, arrival time) per stream."""

    streams: int
    arrivals: list[list[tuple[int, float]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.arrivals = [[] for _ in range(self.streams)]


async def stream(
    port: int, arrivals: list[tuple[int, float]], opened: Callable[[], None], stop: asyncio.Event
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /api/v1/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode(errors="replace"))
    opened()
    leftover = b""
    try:
        while not stop.is_set():
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.monotonic()
            data = leftover + chunk
            cut = data.rfind(b"\n") + 1
            leftover = data[cut:]
            arrivals.extend((int(found), now) for found in ID.findall(data[:cut]))
    finally:
        writer.close()


class Writer:
    """Commits status changes; remembers when each event's transaction returned."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.committed: dict[int, float] = {}

    def latest(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    text("SELECT coalesce(max(id), 0) FROM status_events")
                ).scalar_one()
            )

    def change(self, rows: int) -> None:
        before = self.latest()
        with self.engine.begin() as connection:
            connection.execute(FLIP, {"n": rows})
        returned = time.monotonic()
        with self.engine.connect() as connection:
            ids = connection.execute(
                text("SELECT id FROM status_events WHERE id > :before"), {"before": before}
            ).scalars()
            self.committed.update((event_id, returned) for event_id in ids)


def ensure_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).first()
        if exists is None:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def prepare(url: str) -> None:
    ensure_database(url)
    env = {**os.environ, "GATEWAY_DATABASE_URL": url}
    for command in (["db", "upgrade"], ["db", "seed", "--if-empty", "--builds", "2000"]):
        subprocess.run([f"{BIN}/gateway", *command], env=env, check=True, capture_output=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(port: int, writer: Writer, args: argparse.Namespace) -> None:
    deliveries = Deliveries(args.clients)
    stop = asyncio.Event()
    opened = 0

    def one_open() -> None:
        nonlocal opened
        opened += 1

    tasks = [
        asyncio.create_task(stream(port, arrivals, one_open, stop))
        for arrivals in deliveries.arrivals
    ]
    while opened < args.clients:
        await asyncio.sleep(0.05)
        for task in tasks:
            if task.done() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
    print(f"{args.clients} streams open", flush=True)

    start = writer.latest()
    changes = int(args.latency_seconds / args.interval)
    await asyncio.to_thread(_paced, writer, changes, args.interval)
    expected = sorted(event_id for event_id in writer.committed if event_id > start)
    await _until_delivered(deliveries, expected[-1], args.wait)
    latencies = [
        (arrived - writer.committed[event_id]) * 1000
        for arrivals in deliveries.arrivals
        for event_id, arrived in arrivals
        if event_id in writer.committed and event_id > start
    ]
    _check("latency", deliveries, expected)
    print(
        f"commit to delivery, {len(expected)} events x {args.clients} streams:"
        f" p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms,"
        f" max {max(latencies):.1f} ms",
        flush=True,
    )

    for arrivals in deliveries.arrivals:
        arrivals.clear()
    start = writer.latest()
    began = time.monotonic()
    await asyncio.to_thread(_burst, writer, args.burst, args.events)
    expected = sorted(event_id for event_id in writer.committed if event_id > start)
    await _until_delivered(deliveries, expected[-1], args.wait)
    finished = max(arrivals[-1][1] for arrivals in deliveries.arrivals)
    delivered = sum(len(arrivals) for arrivals in deliveries.arrivals)
    _check("throughput", deliveries, expected)
    elapsed = finished - began
    print(
        f"fan-out: {len(expected)} events to {args.clients} streams in {elapsed:.1f} s:"
        f" {delivered / elapsed:,.0f} events/s delivered"
        f" ({len(expected) / elapsed:,.0f} events/s committed and seen by every stream)",
        flush=True,
    )
    stop.set()
    for task in tasks:
        task.cancel()


def _paced(writer: Writer, changes: int, interval: float) -> None:
    for _ in range(changes):
        writer.change(1)
        time.sleep(interval)


def _burst(writer: Writer, rows: int, events: int) -> None:
    for _ in range(max(1, events // rows)):
        writer.change(rows)


async def _until_delivered(deliveries: Deliveries, last: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if all(arrivals and arrivals[-1][0] >= last for arrivals in deliveries.arrivals):
            return
        await asyncio.sleep(0.05)


def _check(phase: str, deliveries: Deliveries, expected: list[int]) -> None:
    wrong = 0
    for arrivals in deliveries.arrivals:
        ids = [event_id for event_id, _ in arrivals if event_id >= expected[0]]
        if ids != expected:
            wrong += 1
    duplicates = sum(
        sum(count - 1 for count in Counter(i for i, _ in arrivals).values() if count > 1)
        for arrivals in deliveries.arrivals
    )
    verdict = "every stream got every event once" if not wrong else f"{wrong} streams differ"
    print(f"{phase}: {verdict} ({duplicates} duplicates)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--wait", type=float, default=300.0, help="the longest wait for a stream")
    args = parser.parse_args()
    prepare(args.database_url)
    env = {
        "GATEWAY_DATABASE_URL": args.database_url,
        "GATEWAY_LOG_LEVEL": "warning",
        "GATEWAY_EVENTS_MAX_STREAMS": str(args.clients + 10),
    }
    server = Server.gateway("gateway", env)
    engine = build_engine(DatabaseConfig(url=args.database_url, pool_size=2))
    if (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {1})  # the clients on core 1, the server on core 0
    try:
        for attempt in range(START_ATTEMPTS):
            try:
                running = server.running("/api/v1/healthz")
                base = running.__enter__()
            except RuntimeError:  # a busy shared machine can take over a minute to start it
                if attempt == START_ATTEMPTS - 1:
                    raise
                continue
            try:
                asyncio.run(measure(int(base.rsplit(":", 1)[1]), Writer(engine), args))
            finally:
                running.__exit__(None, None, None)
            break
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
