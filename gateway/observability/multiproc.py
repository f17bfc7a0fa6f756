"""The directory where every worker writes its metrics (prometheus-client's multiprocess
mode). Kept apart from :mod:`gateway.observability.metrics` so that ``gateway serve`` can
prepare it without importing prometheus_client, which reads the variable once, on import.
"""

from __future__ import annotations

from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_multiprocess_directory(directory: Path) -> None:
    """Before the workers start: an empty directory (values of an earlier run would be
    summed in otherwise)."""
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob("*.db"):
        leftover.unlink()
