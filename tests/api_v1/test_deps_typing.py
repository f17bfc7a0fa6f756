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
    # The project's cache (warm after `make check`) keeps each run under a second.
    return subprocess.run(  # noqa: S603 (our own interpreter and snippet)
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_calls_that_fit_the_work_pass(tmp_path: Path) -> None:
    checked = _mypy(
        tmp_path,
        [
            'names: list[str] = await uow.run(work, "a", limit=2)',
            'await uow.run_scan(work, name="a")',
            "await uow.run(lambda session: session.get_bind())",
        ],
    )
    assert checked.returncode == 0, checked.stdout


def test_each_call_that_does_not_fit_the_work_is_rejected(tmp_path: Path) -> None:
    checked = _mypy(tmp_path, [line for line, _ in WRONG])
    assert checked.returncode == 1
    first = HEADER.count("\n") + 1
    for number, (line, error) in enumerate(WRONG, start=first):
        said = [out for out in checked.stdout.splitlines() if f"snippet.py:{number}: error" in out]
        assert any(error in out for out in said), (line, checked.stdout)
