"""Real gateway processes for the tests that need them (several workers, signals)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN, TESTING_FARM_SECRET

GATEWAY = Path(sys.executable).with_name("gateway")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def gateway_env(database_url: str, **settings: str) -> dict[str, str]:
    env = {
        **os.environ,
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_GITHUB_WEBHOOK_SECRET": GITHUB_SECRET,
        "GATEWAY_GITLAB_WEBHOOK_TOKEN": GITLAB_TOKEN,
        "GATEWAY_TESTING_FARM_SECRET": TESTING_FARM_SECRET,
        "GATEWAY_WSGI_THREADS": "2",
        "GATEWAY_API_THREADS": "4",
    }
    env.update({f"GATEWAY_{name.upper()}": value for name, value in settings.items()})
    return env


def gateway_command(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own command)
        [str(GATEWAY), *args], env=dict(env), capture_output=True, text=True, timeout=120
    )


@contextmanager
def serving(env: Mapping[str, str], *args: str) -> Iterator[str]:
    """``gateway serve`` on a free port until the block ends; yields its base URL."""
    port = free_port()
    # A file, not a pipe: a server logging every request would fill a pipe and stall.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [str(GATEWAY), "serve", "--port", str(port), *args],
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"gateway serve exited: {log.read()[-3000:]}")
                try:
                    httpx.get(f"{base}/api/v1/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str


def run_cli(env: Mapping[str, str], *args: str) -> Ran:
    """The `gateway` command, run in this process (so coverage sees it) with ``env``."""
    from typer.testing import CliRunner

    from gateway.cli import app

    wide = {**env, "COLUMNS": "200"}  # a wide terminal: table cells on one line each
    result = CliRunner().invoke(app, list(args), env=wide, catch_exceptions=False)
    return Ran(result.exit_code, result.output)
