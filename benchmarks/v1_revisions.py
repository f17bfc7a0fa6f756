"""A v1 list page served by another revision of the code and by this tree, side by side:

    python -m benchmarks.v1_revisions --database-url sqlite:///./var/bench-100k.db --revision HEAD~1

The revision's tree is exported (``git archive``) into a temporary directory that its
server imports the code from, with this virtualenv's libraries; both
gateways run on uvicorn (one worker) against the same database, taking turns in rounds
(see benchmarks.harness). Prints every round, the median req/s and p99 of each and the
ratio of this tree to the revision, each as median (min-max) of the rounds.
"""

from __future__ import annotations

import argparse
import subprocess
import tarfile
import tempfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from benchmarks.common import spread
from benchmarks.harness import Matrix, Server, ensure_wrk

ROOT = Path(__file__).resolve().parents[1]


def export(revision: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def at(server: Server, code: str) -> Server:
    """``server`` running the code in directory ``code`` (uvicorn puts its ``--app-dir``
    first on ``sys.path``, before this tree's editable install)."""
    return replace(server, command=[*server.command, "--app-dir", code])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--revision", required=True, help="e.g. main, HEAD~1, a commit id")
    parser.add_argument("--path", default="/api/v1/copr-builds?limit=20")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_wrk()
    env = {"GATEWAY_DATABASE_URL": args.database_url, "GATEWAY_LOG_LEVEL": "warning"}
    with tempfile.TemporaryDirectory() as exported:
        export(args.revision, Path(exported))
        before = at(Server.gateway(f"v1 at {args.revision}", env), exported)
        after = at(Server.gateway("v1 in this tree", env), str(ROOT))
        paths = [("v1", args.path)]
        matrix = Matrix([(before, paths), (after, paths)])
        matrix.run(args.rounds, args.seconds, args.connections)
    for server in (before, after):
        key = (server.name, "v1")
        rate, p99 = spread(matrix.rates(key), 1, ""), spread(matrix.p99s(key), 1, " ms")
        print(f"{server.name:24} {args.path:36} {rate} req/s, p99 {p99}")
    ratio = spread(matrix.ratios((after.name, "v1"), (before.name, "v1")))
    print(f"this tree / {args.revision}: {ratio} (median of rounds, min-max)")


if __name__ == "__main__":
    main()
