"""Several gateway processes on one database follow a mode change within 5 seconds."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_command, gateway_env, serving

pytestmark = [pytest.mark.flask, pytest.mark.slow]


def stacks(bases: list[str]) -> list[str]:
    return [httpx.get(f"{base}/api/copr-builds").headers["x-gateway-stack"] for base in bases]


def wait_for(bases: list[str], expected: str, timeout: float = 5.0) -> list[float]:
    """Seconds until each server answers from ``expected`` (fails past ``timeout``)."""
    start = time.monotonic()
    seen: dict[str, float] = {}
    while len(seen) < len(bases):
        for base, answer in zip(bases, stacks(bases), strict=True):
            if answer == expected and base not in seen:
                seen[base] = time.monotonic() - start
        assert time.monotonic() - start < timeout, f"not every worker on {expected}: {seen}"
        time.sleep(0.05)
    return list(seen.values())


def test_two_workers_follow_a_change_and_its_rollback(databases: DatabaseFactory) -> None:
    env = gateway_env(databases.migrated())
    with serving(env) as first, serving(env) as second:
        bases = [first, second]
        assert stacks(bases) == ["flask", "flask"]
        changed = gateway_command(
            env, "migration", "set", "copr-builds.list", "cutover", "--force", "--reason", "test"
        )
        assert changed.returncode == 0, changed.stdout + changed.stderr
        assert max(wait_for(bases, "cutover")) < 5
        rolled_back = gateway_command(
            env, "migration", "set", "copr-builds", "legacy", "--reason", "roll back"
        )
        assert rolled_back.returncode == 0, rolled_back.stdout + rolled_back.stderr
        assert max(wait_for(bases, "flask")) < 5
