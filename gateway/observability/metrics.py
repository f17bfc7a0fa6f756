"""Prometheus metrics, correct with several uvicorn workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``gateway serve`` prepares it: created, emptied at
start), each worker writes its values to files there and ``/metrics`` sums every
worker's, dead ones included (their counters stay counted; their live gauges are
dropped when a worker starts, see :func:`forget_dead_workers`). Without it, one process
keeps them in memory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

from gateway.observability.multiproc import MULTIPROC_ENV

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The gateway's metrics, registered on a registry of its own (not the global one), so
    every app built in one process (the tests build many) starts from its own set."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "gateway_requests",
            "Requests answered, by operation (legacy operation id or v1 route), stack,"
            " method and status class",
            ["operation", "stack", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gateway_request_seconds",
            "Time to answer a request, by stack",
            ["stack"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.shadow = Counter(
            "gateway_shadow_comparisons",
            "Background comparisons of a legacy view with Flask, by operation and outcome",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.shadow_seconds = Histogram(
            "gateway_shadow_seconds",
            "Time a background comparison took (the legacy view's answer and the compare)",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.shadow_queue = Gauge(
            "gateway_shadow_queue",
            "Comparisons waiting to run, per worker summed",
            multiprocess_mode="livesum",
            registry=self.registry,
        )

    def exposition(self) -> tuple[bytes, str]:
        """The text ``/metrics`` answers: every worker's values when multiprocess."""
        if multiprocess_values():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def multiprocess_values() -> bool:
    """Whether this process writes its values to the shared directory (prometheus-client
    decides once, when it is imported, from the environment)."""
    return bool(os.environ.get(MULTIPROC_ENV)) and values.ValueClass.__name__ == "MmapedValue"


def status_class(status: int) -> str:
    return f"{status // 100}xx"


_PID = re.compile(r"_(\d+)\.db$")


def forget_dead_workers() -> None:
    """When a worker starts: drop the live gauges of workers that are gone (a crashed or
    restarted worker never said goodbye). Their counters and histograms stay counted."""
    directory = os.environ.get(MULTIPROC_ENV)
    if not directory:
        return
    pids = {
        int(found.group(1))
        for path in Path(directory).glob("*.db")
        if (found := _PID.search(path.name))
    }
    for pid in pids - {os.getpid()}:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, directory)  # type: ignore[no-untyped-call]
        except PermissionError:  # alive, someone else's
            continue
