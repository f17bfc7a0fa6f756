"""``make bench``: every speed goal measured side by side in one run, one report.

    python -m benchmarks.report                  # every step, SQLite then PostgreSQL
    python -m benchmarks.report speed pages      # some steps only (``make bench-speed``)
    python -m benchmarks.report --list           # the steps

For each database it seeds ``--builds`` Copr builds (100,000; ``BENCH_BUILDS``) unless
the database holds that many already, then runs the steps in order. Servers run on
loopback, pinned to core 0, wrk to core 1; stacks alternate in rounds, so ratios come
from the same minutes. Every wait is bounded (server start-up, each wrk run, each
subprocess). Results go to ``benchmarks/results/`` as JSON and a markdown table
(``latest.*`` for a full run, the steps' names otherwise); ``--readme`` puts the
markdown into README.md between its bench markers.

A step is a module with ``run(context: Context) -> list[Section]``
(:mod:`benchmarks.common`); plugging one in is one line in ``STEPS``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.common import Context, Section, progress
from benchmarks.harness import BIN, ensure_wrk
from shared_db.models import CoprBuildTarget

# name -> module with run(context) -> list[Section]; `make bench-<name>` runs one.
STEPS: dict[str, str] = {
    "speed": "benchmarks.v1_speed",  # v1 lists vs legacy twins on gunicorn, vs the reference
    "cutover": "benchmarks.cutover",  # legacy through the mount and cut over vs gunicorn
    "pages": "benchmarks.legacy_pages",  # deep pages vs page 1, every list, both stacks
    "statements": "benchmarks.statements",  # statements per request vs page size
    "shadow": "benchmarks.shadow",  # shadow overhead
    "memory": "benchmarks.memory",  # worker RSS and p99s under a mixed load
    "usage": "benchmarks.usage",  # p99 of every usage route, legacy and v1
    "events": "benchmarks.events",  # SSE fan-out: events/s, commit-to-delivery latency
}

RESULTS = Path(__file__).parent / "results"
README = Path(__file__).parent.parent / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def database_urls(names: list[str], builds: int) -> dict[str, str]:
    urls = {
        "sqlite": os.environ.get("BENCH_SQLITE_URL", f"sqlite:///./var/bench-{builds}.db"),
        "postgresql": os.environ.get(
            "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
        ),
    }
    return {name: urls[name] for name in names}


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it does not exist (SQLite creates its file)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            found = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            )
            if not found:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        server.dispose()


def seeded_builds(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(CoprBuildTarget)) or 0)
    except Exception:  # no schema yet
        return 0
    finally:
        engine.dispose()


def gateway(url: str, *args: str, timeout: int) -> None:
    env = {**os.environ, "GATEWAY_DATABASE_URL": url, "GATEWAY_LOG_LEVEL": "warning"}
    subprocess.run(
        [f"{BIN}/gateway", *args], env=env, check=True, capture_output=True, timeout=timeout
    )


def seed(database: str, url: str, builds: int) -> Section | None:
    """Migrate and seed unless ``url`` holds ``builds`` builds; the seeding time if it ran."""
    ensure_database(url)
    gateway(url, "db", "upgrade", timeout=600)
    if seeded_builds(url) == builds:
        progress(f"{database}: {builds:,} builds seeded already")
        return None
    progress(f"{database}: seeding {builds:,} builds")
    started = time.monotonic()
    gateway(url, "db", "seed", "--reset", "--builds", str(builds), timeout=3600)
    # The seed command ends with shared_db.seed.refresh_statistics (VACUUM ANALYZE on
    # PostgreSQL), so the planner sees the database as autovacuum would leave it.
    took = time.monotonic() - started
    return Section(
        f"Seeder ({database})",
        ["builds", "seconds"],
        [[f"{builds:,}", f"{took:.0f}"]],
        data={"builds": builds, "seconds": took},
    )


def step(name: str) -> Callable[[Context], list[Section]]:
    run: Callable[[Context], list[Section]] = importlib.import_module(STEPS[name]).run
    return run


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def write(sections: list[Section], meta: dict[str, object], stem: str, readme: bool) -> Path:
    RESULTS.mkdir(exist_ok=True)
    header = (
        f"Measured {meta['date']} on commit {meta['commit']}, {meta['cpus']} cores, "
        f"{meta['builds']:,} builds, {meta['rounds']} rounds of {meta['seconds']} s per stack "
        "(ratios: median of per-round ratios, min-max in brackets)."
    )
    markdown = "\n\n".join([header, *(section.markdown() for section in sections)]) + "\n"
    (RESULTS / f"{stem}.md").write_text(markdown)
    document = {
        "meta": meta,
        "sections": [
            {
                "title": s.title,
                "headers": s.headers,
                "rows": s.rows,
                "notes": s.notes,
                "data": s.data,
            }
            for s in sections
        ],
    }
    (RESULTS / f"{stem}.json").write_text(json.dumps(document, indent=1) + "\n")
    if readme:
        before, rest = README.read_text().split(README_START, 1)
        _, after = rest.split(README_END, 1)
        README.write_text(f"{before}{README_START}\n{markdown}{README_END}{after}")
    return RESULTS / f"{stem}.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="*", choices=[[], *STEPS], default=[])
    parser.add_argument("--list", action="store_true", help="list the steps and exit")
    parser.add_argument("--builds", type=int, default=int(os.environ.get("BENCH_BUILDS", 100_000)))
    parser.add_argument(
        "--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql")
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rss-seconds",
        default=os.environ.get("BENCH_RSS_SECONDS", "60,300"),
        help="when the memory step reads RSS, comma-separated (quick: 10,30)",
    )
    parser.add_argument(
        "--sse-clients",
        type=int,
        default=int(os.environ.get("BENCH_SSE_CLIENTS", 500)),
        help="streams the events step opens on one worker",
    )
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    if args.list:
        for name, module in STEPS.items():
            print(f"{name:12} {module}")
        return
    names = args.steps or list(STEPS)
    ensure_wrk()
    rss_seconds = tuple(int(part) for part in args.rss_seconds.split(","))
    sections: list[Section] = []
    started = time.monotonic()
    for database, url in database_urls(args.databases.split(","), args.builds).items():
        seeded = seed(database, url, args.builds)
        sections.extend([seeded] if seeded else [])
        progress(f"{database}: refreshing the usage summaries")
        gateway(url, "db", "usage-summaries", timeout=3600)
        context = Context(
            database,
            url,
            args.rounds,
            args.seconds,
            args.connections,
            rss_seconds,
            args.sse_clients,
        )
        for name in names:
            progress(f"{database}: {name} ({STEPS[name]})")
            try:
                sections.extend(step(name)(context))
            except Exception as error:  # one failing step must not lose the others' results
                progress(f"{database}: {name} failed: {error!r}")
                sections.append(Section(f"{name} ({database})", ["failed"], [[repr(error)]]))
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "builds": args.builds,
        "databases": args.databases,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "steps": names,
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    full = names == list(STEPS)
    path = write(sections, meta, "latest" if full else "-".join(names), args.readme and full)
    print("\n\n".join(section.markdown() for section in sections))
    progress(f"done in {meta['minutes']} min: {path} and its .json")


if __name__ == "__main__":
    main()
