"""The `gateway` command: database upkeep and serving."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from gateway import capacity, serving
from gateway.migration.cli import app as migration_app
from gateway.observability.logs import logging_config
from gateway.observability.multiproc import MULTIPROC_ENV, prepare_multiprocess_directory
from gateway.settings import Settings
from shared_db import migrate
from shared_db.base import utcnow
from shared_db.engine import Database, DatabaseConfig
from shared_db.queries import usage_summaries
from shared_db.queries.usage_job import run_round
from shared_db.seed import (
    SeedOptions,
    clear_database,
    database_is_empty,
    planned_rows,
    refresh_statistics,
    seed_database,
)

app = typer.Typer(help="CI-results API gateway.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema and demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(migration_app, name="migration")
demo_app = typer.Typer(help="Demo helpers.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")
console = Console(soft_wrap=True)  # URLs stay on one line, clickable
WORKER_HEALTHCHECK_SECONDS = 60


def _settings() -> Settings:
    settings = Settings()
    directory = settings.sqlite_directory()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    return settings


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Option(help="Alembic revision to go to")] = "head",
) -> None:
    """Migrate the database to the newest schema (or to --revision)."""
    settings = _settings()
    migrate.upgrade(settings.database_url, revision)
    console.print(f"[green]database at {revision}[/green]: {_redacted(settings)}")


@db_app.command("seed")
def db_seed(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data")] = 42,
    builds: Annotated[int, typer.Option(min=1, help="Copr build targets to create")] = 2_000,
    if_empty: Annotated[bool, typer.Option(help="Do nothing when data exists")] = False,
    reset: Annotated[bool, typer.Option(help="Delete all existing rows first")] = False,
) -> None:
    """Fill the database with deterministic, related demo data."""
    settings = _settings()
    database = Database(DatabaseConfig(url=settings.database_url, pool_size=1))
    database.start()
    options = SeedOptions(seed=seed, builds=builds)
    try:
        with database.transaction() as session:
            if not database_is_empty(session):
                if if_empty:
                    console.print("database already has data: not seeding")
                    return
                if not reset:
                    console.print("[red]database has data[/red]: use --reset or --if-empty")
                    raise typer.Exit(code=1)
                clear_database(session)
            plan = planned_rows(options)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("seeding", total=sum(plan.values()))

                def advance(table: str, rows: int) -> None:
                    progress.update(task, advance=rows, description=f"seeding {table}")

                report = seed_database(session, options, advance)
            console.print("committing …")
        refresh_statistics(database.engine)
    finally:
        database.dispose()
    total = sum(report.rows.values())
    console.print(
        f"[green]seeded[/green] {total:,} rows in {len(report.rows)} tables"
        f" ({builds:,} Copr builds) in {report.seconds:.1f}s"
    )


@demo_app.command("activity")
def demo_activity(
    seconds: Annotated[float, typer.Option(min=0, help="Stop after this long")] = 600,
    rate: Annotated[float, typer.Option(min=0.01, help="Status changes a second")] = 1.0,
    changes: Annotated[int | None, typer.Option(min=1, help="Stop after this many")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: random)")] = None,
    quiet: Annotated[bool, typer.Option(help="Print only the total")] = False,
) -> None:
    """Move queued and running targets of the demo data through their states, so the live
    feed (/api/v1/events) has events to show."""
    from gateway.activity import Change, run_activity

    settings = _settings()
    database = Database(DatabaseConfig(url=settings.database_url, pool_size=1))
    database.start()

    def report(change: Change) -> None:
        if not quiet:
            console.print(f"{change.table} {change.target_id}: {change.old} → {change.new}")

    try:
        made = run_activity(
            database, seconds=seconds, rate=rate, changes=changes, seed=seed, report=report
        )
    finally:
        database.dispose()
    console.print(f"[green]{made} status changes[/green] made")


@db_app.command("usage-summaries")
def db_usage_summaries() -> None:
    """Compute the usage summaries and this hour's intervals charts asked for lately, now (the
    usage job of `gateway serve` does it every half GATEWAY_USAGE_FRESHNESS_SECONDS and at
    every hour; until then the usage routes compute directly)."""
    settings = _settings()
    database = Database(DatabaseConfig(url=settings.database_url, pool_size=1))
    database.start()
    freshness = timedelta(seconds=settings.usage_freshness_seconds)
    started = time.perf_counter()
    try:
        with database.transaction() as session:
            if not usage_summaries.lead(session):
                console.print("[red]the usage job of a running gateway holds the lock[/red]")
                raise typer.Exit(code=1)
            now = utcnow()
            charts = run_round(session, now, freshness, refresh=True)
    finally:
        database.dispose()
    console.print(
        f"[green]usage summaries computed[/green] and {charts} intervals charts made"
        f" in {time.perf_counter() - started:.1f}s"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port)")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes")] = False,
    check_connections: Annotated[
        bool,
        typer.Option(
            help="On PostgreSQL, refuse to start when workers x connections per worker"
            " exceed what max_connections leaves ordinary roles, and warn above 80 % of it"
        ),
    ] = True,
) -> None:
    """Serve the gateway with uvicorn.

    On SIGTERM or SIGINT it stops listening (new connections are refused), lets the
    requests in flight finish, each answered with Connection: close, and exits after at
    most GATEWAY_SHUTDOWN_TIMEOUT seconds (20), cutting off what still runs then.
    """
    settings = _settings()
    if check_connections:
        _check_connections(settings, workers)
    base = f"http://{host}:{port}"
    console.print(
        "\n".join(
            [
                f"[bold]CI results API[/bold] on {base} ({_redacted(settings)})",
                f"  legacy API      {base}/api/healthz",
                f"  legacy Swagger  {base}/api/",
                f"  v1 API          {base}/api/v1/healthz",
                f"  v1 docs         {base}/api/v1/docs  (ReDoc: {base}/api/v1/redoc)",
                f"  migration       {base}/ops/migration  (JSON: {base}/ops/migration.json)",
                f"  metrics         {base}/metrics",
            ]
        )
    )
    # Every worker writes its metrics where /metrics reads them all; set before any worker
    # imports prometheus_client (it reads the variable once).
    metrics_dir = Path(os.environ.setdefault(MULTIPROC_ENV, str(Path("var/metrics").resolve())))
    prepare_multiprocess_directory(metrics_dir)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "log_level": settings.log_level,
        "log_config": logging_config(settings.log_level, settings.log_format),
        "access_log": False,  # the gateway logs each request itself, with its operation
        "http": serving.PROTOCOL,
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }
    if workers > 1 and not reload:
        # uvicorn.run's own branch for several workers, with the socket-closing supervisor.
        config = uvicorn.Config(
            serving.APP,
            workers=workers,
            # A worker must answer the parent's ping within this: starting one (imports
            # included) took longer than uvicorn's 5 s on a busy two-core machine, and it
            # was killed and restarted forever.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            **options,
        )
        serving.Supervisor(config, sockets=[config.bind_socket()]).run()
        return
    uvicorn.run(serving.APP, reload=reload, **options)


def _check_connections(settings: Settings, workers: int) -> None:
    """The start-up check of :mod:`gateway.capacity`: refuse, warn, or say nothing."""
    try:
        limits = capacity.server_limits(settings.database_url, settings.db_connect_timeout)
    except SQLAlchemyError as error:
        # The gateway answers 503 until the database is up; starting is still right.
        console.print(f"[yellow]connection limits not checked[/yellow]: {error.__class__.__name__}")
        return
    if limits is None:
        return
    budget = capacity.Budget(workers, settings.max_connections_per_worker, limits)
    if budget.verdict is capacity.Verdict.too_many:
        console.print(
            f"[red]too many database connections[/red]: {budget.explain()}. Lower --workers,"
            " GATEWAY_WSGI_THREADS or GATEWAY_API_THREADS, or raise max_connections"
            " (--no-check-connections starts anyway)."
        )
        raise typer.Exit(code=1)
    if budget.verdict is capacity.Verdict.tight:
        console.print(
            f"[yellow]little headroom for other database clients[/yellow]: {budget.explain()}"
        )


def _redacted(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


def main() -> None:
    """The console script: the commands, with a database that cannot be used (not running,
    no such database, a file that cannot be opened) said in one line, not a traceback."""
    try:
        app()
    except OperationalError as error:
        reason = str(error.orig if error.orig is not None else error).strip()
        first = reason.splitlines()[0] if reason else type(error).__name__
        console.print(f"[red]database error[/red] at {_redacted(Settings())}: {first}")
        raise SystemExit(1) from None
