"""``UnitOfWork.run`` and ``run_scan`` are typed with the work's own parameters: mypy (strict,
the project's configuration) rejects a call whose arguments do not fit the work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEADER = """\
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWork


def work(session: Session, name: str, *, limit: int = 1) -> list[str]:
    return [name] * limit


async def call(uow: UnitOfWork) -> None:
"""

# Each wrong call, and what mypy must say about it (on its own line).
WRONG = [
    ("await uow.run(work, 1)", 'incompatible type "int"; expected "str"'),
    ('await uow.run(work, "a", "b")', "Too many positional arguments"),
    ('await uow.run(work, "a", limit="2")', 'Argument "limit" to "run"'),
    ('await uow.run(work, "a", size=2)', 'Unexpected keyword argument "size"'),
    ("await uow.run_scan(work)", 'Missing positional argument "name"'),
    # The result's type is the work's: a list of names is no int.
    ('number: int = await uow.run(work, "a")', 'Argument 1 to "run"'),
]


def _mypy(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(HEADER + "".join(f"    {line}\n" for line in lines))
    # The project's cache (warm after `make check`) keeps the run under a second.
    return subprocess.run(  # noqa: S603 (our own interpreter and snippet)
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


FITTING = [
    'names: list[str] = await uow.run(work, "a", limit=2)',
    'await uow.run_scan(work, name="a")',
    "await uow.run(lambda session: session.get_bind())",
]


def test_mypy_rejects_each_call_that_does_not_fit_the_work_and_only_those(
    tmp_path: Path,
) -> None:
    # One mypy run for both kinds of call (one process: the cache is not shared by two).
    checked = _mypy(tmp_path, FITTING + [line for line, _ in WRONG])
    assert checked.returncode == 1
    errors = [out for out in checked.stdout.splitlines() if ": error:" in out]
    first = HEADER.count("\n") + 1
    for number in range(first, first + len(FITTING)):
        assert not [out for out in errors if f"snippet.py:{number}: " in out], checked.stdout
    for number, (line, error) in enumerate(WRONG, start=first + len(FITTING)):
        said = [out for out in errors if f"snippet.py:{number}: " in out]
        assert any(error in out for out in said), (line, checked.stdout)
