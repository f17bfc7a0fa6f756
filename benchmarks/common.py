"""What every step of ``make bench`` receives and returns.

A step is a module of this package with one function::

    def run(context: Context) -> list[Section]: ...

It measures one thing on the database ``context.database_url`` (seeded already) and
returns tables: :class:`Section` rows are what the report prints and writes, ``data``
what it keeps in the JSON. :mod:`benchmarks.report` runs the steps named in its
``STEPS`` registry, one database after the other.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Context:
    database: str  # "sqlite" or "postgresql": a label for the report
    database_url: str
    rounds: int = 3
    seconds: int = 5  # of each wrk measurement
    connections: int = 8
    rss_seconds: tuple[int, ...] = (60, 300)  # when the memory step reads the worker's RSS
    sse_clients: int = 500  # streams the events step opens on one worker

    @property
    def env(self) -> dict[str, str]:
        """The measured servers' settings. Their usage job is held off (a freshness bound
        of an hour; the report refreshes the summaries before the steps): a refresh takes
        seconds of CPU once per half bound in production, and falling into one server's
        few seconds of measurement it would decide that round. The usage step times it."""
        return {
            "GATEWAY_DATABASE_URL": self.database_url,
            "GATEWAY_LOG_LEVEL": "warning",
            "GATEWAY_USAGE_FRESHNESS_SECONDS": "3600",
        }


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        lines = [f"#### {self.title}", ""]
        lines.append("| " + " | ".join(self.headers) + " |")
        lines.append("|" + "|".join("---" for _ in self.headers) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
        lines.extend(["", *(f"- {note}" for note in self.notes)] if self.notes else [])
        return "\n".join(lines)


def spread(values: Sequence[float], digits: int = 2, unit: str = "x") -> str:
    """``median (min-max)`` of per-round values; rounds without a value (NaN) are left
    out and counted."""
    ordered = sorted(value for value in values if not math.isnan(value))
    missing = len(values) - len(ordered)
    if not ordered:
        return "n/a"
    if missing:
        return f"{spread(ordered, digits, unit)} [{missing} round(s) n/a]"
    middle = statistics.median(ordered)
    return f"{middle:.{digits}f}{unit} ({ordered[0]:.{digits}f}-{ordered[-1]:.{digits}f})"


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
