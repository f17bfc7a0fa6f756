"""The `gateway` command: database upkeep and serving."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gateway.migration.cli import app as migration_app
from gateway.observability.logs import logging_config
from gateway.observability.multiproc import MULTIPROC_ENV, prepare_multiprocess_directory
from gateway.settings import Settings
from shared_db import migrate
from shared_db.engine import Database, DatabaseConfig
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
console = Console(soft_wrap=True)  # URLs stay on one line, clickable


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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes")] = False,
) -> None:
    """Serve the gateway with uvicorn."""
    settings = _settings()
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
    uvicorn.run(
        "gateway.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,  # the gateway logs each request itself, with its operation
        # A worker answers the supervisor's pings only once it has imported the gateway,
        # which takes more than uvicorn's default 5 s on a busy machine: it was killed and
        # restarted forever.
        timeout_worker_healthcheck=60,
    )


def _redacted(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)
