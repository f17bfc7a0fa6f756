"""``gateway migration …``: see and change where each legacy operation is served from.

Every command names operations the same way: an operation id (``copr-builds.get``), a
group (``copr-builds``) or ``all``.
"""

from __future__ import annotations

import getpass
import json
import socket
from datetime import date, datetime
from typing import Annotated

import anyio
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api_v1 import app as v1_app
from api_v1.legacy import app as views_app
from api_v1.legacy.routing import LegacyOperation
from api_v1.state import V1State
from gateway.migration import modes
from gateway.migration.cases import CaseSecrets
from gateway.migration.modes import ChangeRefused, Mode
from gateway.migration.registry import Registry, UnknownOperation, build_registry
from gateway.migration.status import Evidence, LiveParity, read_status
from gateway.migration.version import code_version
from gateway.settings import Settings
from shared_db.base import utcnow
from shared_db.engine import Database, DatabaseConfig
from shared_db.models import FlaskOffRun

app = typer.Typer(
    help="The move from Flask to FastAPI, one operation at a time.", no_args_is_help=True
)


def console() -> Console:
    """A console per message: it reads the terminal's width (``COLUMNS``) as it is now."""
    return Console(soft_wrap=True)


Name = Annotated[str, typer.Argument(help="An operation id (copr-builds.get), a group or 'all'")]


def _actor() -> str:
    try:
        user = getpass.getuser()
    except OSError:  # no login name (some containers)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def load_registry(settings: Settings, database: Database) -> Registry:
    """The registry as a gateway with these settings would check it at start-up."""
    v1 = v1_app.create_app(V1State.of(settings.v1_config(), database))
    flask_operations = None
    if settings.legacy_app == "on":
        from legacy_flask import create_app as create_flask
        from legacy_flask.app import operations

        flask_operations = operations(create_flask(database, settings.legacy_config()))
    return build_registry(views_app.declared_operations(), v1, flask_operations)


def _open(settings: Settings) -> Database:
    database = Database(DatabaseConfig(url=settings.database_url, pool_size=2))
    database.start()
    return database


def _select(registry: Registry, name: str) -> list[LegacyOperation]:
    try:
        return registry.select(name)
    except UnknownOperation as error:
        console().print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error


@app.command("set")
def set_mode(
    name: Name,
    mode: Annotated[Mode, typer.Argument(help="legacy, shadow, cutover or retired")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit trail)")],
    rate: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Shadow sample rate, 0 to 1")
    ] = None,
    force: Annotated[bool, typer.Option(help="Skip the gates (audited as forced)")] = False,
    aa: Annotated[
        bool | None,
        typer.Option("--aa/--no-aa", help="Shadow: compare Flask with itself (measure noise)"),
    ] = None,
) -> None:
    """Put operations in a mode; every worker follows within a few seconds.

    `cutover` needs passing parity evidence from `gateway migration verify` recorded by
    the code that runs now; `retired` needs GATEWAY_QUIET_DAYS without a call. Rolling
    back is `set … legacy`."""
    settings = Settings()
    database = _open(settings)
    try:
        operations = _select(load_registry(settings, database), name)
        with database.transaction() as session:
            changes = modes.change_mode(
                session,
                operations,
                mode,
                actor=_actor(),
                reason=reason,
                code_version=code_version(),
                force=force,
                shadow_rate=rate,
                shadow_aa=aa,
                quiet_days=settings.quiet_days,
            )
    except ChangeRefused as error:
        console().print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    finally:
        database.dispose()
    for change in changes:
        forced = " [yellow](forced)[/yellow]" if change.forced else ""
        console().print(f"{change.operation_id}: {change.from_mode} -> {change.to_mode}{forced}")


@app.command()
def deprecate(
    name: Name,
    on: Annotated[str | None, typer.Option(help="Deprecation date, YYYY-MM-DD")] = None,
    sunset: Annotated[str | None, typer.Option(help="Sunset date, YYYY-MM-DD")] = None,
    clear: Annotated[bool, typer.Option(help="Remove both dates")] = False,
    reason: Annotated[str, typer.Option(help="Why (kept in the audit trail)")] = "",
) -> None:
    """Announce that operations go away: their legacy answers then carry `Deprecation`,
    `Sunset` and a `Link` to the v1 successor, whichever stack answers."""
    if clear == (on is not None):
        console().print("[red]give either --on DATE (and maybe --sunset DATE) or --clear[/red]")
        raise typer.Exit(code=2)
    try:
        deprecated_on = None if on is None else date.fromisoformat(on)
        sunset_on = None if sunset is None else date.fromisoformat(sunset)
    except ValueError as error:
        console().print(f"[red]not a date (YYYY-MM-DD): {error}[/red]")
        raise typer.Exit(code=2) from error
    settings = Settings()
    database = _open(settings)
    try:
        operations = _select(load_registry(settings, database), name)
        with database.transaction() as session:
            modes.change_dates(
                session,
                operations,
                deprecated_on=deprecated_on,
                sunset_on=sunset_on,
                actor=_actor(),
                reason=reason,
            )
    except ChangeRefused as error:
        console().print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    finally:
        database.dispose()
    for operation in operations:
        console().print(f"{operation.id}: deprecated {deprecated_on}, sunset {sunset_on}")


@app.command()
def verify(
    name: Annotated[str, typer.Argument(help="Operation id, group or 'all'")] = "all",
    flask_off: Annotated[
        bool,
        typer.Option(
            "--flask-off",
            help="Instead: every case through a gateway started without Flask, checked"
            " against the contract (the 'Flask can be removed' gate)",
        ),
    ] = False,
) -> None:
    """Run the contract cases against Flask and the legacy views on this database, show
    every difference field by field, and record the result (what `set … cutover` reads)."""
    if flask_off:
        _verify_flask_off()
        return
    from gateway.migration.verify import run_on_database  # imports Flask

    settings = Settings()
    database = _open(settings)
    try:
        operations = _select(load_registry(settings, database), name)
        secrets = CaseSecrets(
            *(
                None if secret is None else secret.get_secret_value()
                for secret in (
                    settings.github_webhook_secret,
                    settings.gitlab_webhook_token,
                    settings.testing_farm_secret,
                )
            )
        )
        results = anyio.run(run_on_database, database, settings, operations, secrets)
    finally:
        database.dispose()
    table = Table("operation", "cases", "skipped", "differ", "parity")
    for result in results:
        verdict = "[green]pass[/green]" if result.passed else "[red]fail[/red]"
        table.add_row(
            result.operation.id,
            str(len(result.cases)),
            str(result.skipped),
            str(result.mismatches),
            verdict,
        )
    console().print(table)
    for result in results:
        for case in result.cases:
            where = escape(f"{result.operation.id}: {case.case.name}")
            if case.skipped:
                console().print(f"[yellow]{where}: {escape(case.skipped)}[/yellow]")
            for difference in case.differences:
                console().print(f"[red]{where}: {escape(difference.describe())}[/red]")
    console().print(f"recorded as code version {code_version()}")
    if not all(result.passed for result in results):
        raise typer.Exit(code=1)


def _verify_flask_off() -> None:
    from gateway.migration.flask_off import run_in_own_process

    result = run_in_own_process()
    settings = Settings()
    database = _open(settings)
    try:
        with database.transaction() as session:
            session.add(
                FlaskOffRun(
                    code_version=code_version(),
                    passed=result.passed,
                    cases=result.cases,
                    failures=result.failures[:200],
                )
            )
    finally:
        database.dispose()
    for failure in result.failures:
        console().print(f"[red]{escape(failure)}[/red]")
    verdict = "[green]passed[/green]" if result.passed else "[red]failed[/red]"
    console().print(f"Flask-off contract run {verdict}: {result.cases} cases, recorded")
    if not result.passed:
        raise typer.Exit(code=1)


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Every operation by group: mode, twin, parity (offline and live), traffic, dates."""
    settings = Settings()
    database = _open(settings)
    try:
        registry = load_registry(settings, database)
        with database.transaction() as session:
            current = read_status(session, registry, code_version(), utcnow(), settings.quiet_days)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(current.as_json(), indent=2))
        return
    # The twin is in --json; the id column never wraps, the others fold to fit.
    table = Table(title="legacy operations (JSON: --json)")
    table.add_column("operation", no_wrap=True)
    for name in ("mode", "verify", "live parity", "24 h / 7 d", "last call", "deprecated / sunset"):
        table.add_column(name, overflow="fold")
    for operations in current.groups().values():
        table.add_section()
        for op in operations:
            table.add_row(
                op.id,
                op.mode.value + (f" {op.shadow_rate:.0%}" if op.mode is Mode.shadow else ""),
                _evidence(op.evidence),
                _live(op.parity),
                f"{op.traffic.last_24h} / {op.traffic.last_7d}",
                _when(op.traffic.last_seen),
                f"{op.deprecated_on or '-'} / {op.sunset_on or '-'}",
            )
    console().print(table)
    removable = "yes" if current.flask_removable else "no"
    console().print(
        f"{current.moved} of {len(current.operations)} operations off Flask;"
        f" Flask can be removed: {removable}"
    )


def _evidence(evidence: Evidence | None) -> str:
    if evidence is None:
        return "-"
    verdict = "pass" if evidence.passed else f"fail ({evidence.mismatches}/{evidence.cases})"
    return verdict if evidence.current_code else f"{verdict}, older code"


def _live(parity: LiveParity) -> str:
    if parity.samples == 0:
        return "-" if parity.dropped == 0 else f"0 ({parity.dropped} dropped)"
    return (
        f"{parity.match_percent}% of {parity.samples}, last diff {_when(parity.last_mismatch_at)}"
    )


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M")
