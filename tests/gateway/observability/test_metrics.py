"""The metrics' multiprocess housekeeping (the two-worker test runs it for real)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.observability import metrics
from gateway.observability.multiproc import MULTIPROC_ENV, prepare_multiprocess_directory


def test_the_directory_is_emptied_before_the_workers_start(tmp_path: Path) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("kept")
    prepare_multiprocess_directory(tmp_path / "metrics")
    prepare_multiprocess_directory(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["metrics", "notes.txt"]


def test_the_live_gauges_of_dead_workers_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead, alive = int(gone.stdout), os.getpid()
    for name in (f"gauge_livesum_{dead}.db", f"counter_{dead}.db", f"gauge_livesum_{alive}.db"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setenv(MULTIPROC_ENV, str(tmp_path))
    metrics.forget_dead_workers()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"counter_{dead}.db",  # what a dead worker counted stays counted
        f"gauge_livesum_{alive}.db",
    ]


def test_without_the_directory_values_stay_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    metrics.forget_dead_workers()  # nothing to do
    assert not metrics.multiprocess_values()
    body, content_type = metrics.Metrics().exposition()
    assert content_type.startswith("text/plain")
    assert b"# TYPE gateway_requests_total counter" in body
    assert b"\ngateway_requests_total{" not in body  # no request counted yet: no sample
