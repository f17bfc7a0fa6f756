"""status events: an append-only feed of status changes, written by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 11:40:00

One trigger pair per status-bearing table (after INSERT, after UPDATE OF status when it
changed) appends a row to ``status_events`` in the changing transaction, whoever writes.
On PostgreSQL the row's id is drawn under a transaction-level advisory lock (ids commit in
order) and NOTIFYed on channel ``status_events``.
"""

# ruff: noqa: S608  (the SQL is built from this file's constants, never from input)

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

import shared_db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of shared_db.models.events' constants: a migration must not change when
# the application code does.
CHANNEL = "status_events"
LOCK_KEY = 0x5E_7E_00_04


@dataclass(frozen=True)
class Source:
    """A table whose rows have a status, and how its event finds its group, run, project.

    The expressions are SQL over the changed row, spelled ``NEW.column``.
    """

    table: str
    kind: str
    status: str | None  # None: no status column (an event on insert only)
    group: str
    run: str
    project: str


def _run(column: str, value: str) -> str:
    return f"(SELECT min(p.id) FROM pipelines p WHERE p.{column} = {value})"


def _project_of_event(event_id: str) -> str:
    return f"(SELECT e.project_id FROM project_events e WHERE e.id = {event_id})"


def _project_of_group(group_table: str, group_id: str) -> str:
    return _project_of_event(
        f"(SELECT g.project_event_id FROM {group_table} g WHERE g.id = {group_id})"
    )


def _grouped(
    table: str, kind: str, group_table: str, run_column: str, status: str | None = "status"
) -> Source:
    return Source(
        table,
        kind,
        status,
        "NEW.group_id",
        _run(run_column, "NEW.group_id"),
        _project_of_group(group_table, "NEW.group_id"),
    )


SOURCES = (
    Source(
        "srpm_builds",
        "srpm_build",
        "status",
        "NULL",
        _run("srpm_build_id", "NEW.id"),
        _project_of_event("NEW.project_event_id"),
    ),
    _grouped("copr_build_targets", "copr_build", "copr_build_groups", "copr_build_group_id"),
    _grouped("koji_build_targets", "koji_build", "koji_build_groups", "koji_build_group_id"),
    _grouped(
        "koji_tag_request_targets",
        "koji_tag_request",
        "koji_tag_request_groups",
        "koji_tag_request_group_id",
        status=None,
    ),
    _grouped("tft_test_run_targets", "testing_farm", "tft_test_run_groups", "test_run_group_id"),
    Source(
        "sync_release_runs",
        "sync_release_run",
        "status",
        "NULL",
        _run("sync_release_run_id", "NEW.id"),
        _project_of_event("NEW.project_event_id"),
    ),
    Source(
        "sync_release_targets",
        "sync_release_target",
        "status",
        "NEW.sync_release_run_id",
        _run("sync_release_run_id", "NEW.sync_release_run_id"),
        _project_of_group("sync_release_runs", "NEW.sync_release_run_id"),
    ),
    _grouped(
        "bodhi_update_targets", "bodhi_update", "bodhi_update_groups", "bodhi_update_group_id"
    ),
    _grouped(
        "log_detective_runs",
        "log_detective",
        "log_detective_run_groups",
        "log_detective_run_group_id",
    ),
    Source(
        "osh_scans",
        "scan",
        "status",
        "(SELECT c.group_id FROM copr_build_targets c WHERE c.id = NEW.copr_build_target_id)",
        _run(
            "copr_build_group_id",
            "(SELECT c.group_id FROM copr_build_targets c WHERE c.id = NEW.copr_build_target_id)",
        ),
        _project_of_group(
            "copr_build_groups",
            "(SELECT c.group_id FROM copr_build_targets c WHERE c.id = NEW.copr_build_target_id)",
        ),
    ),
    Source(
        "vm_image_build_targets",
        "vm_image_build",
        "status",
        "NULL",
        _run("vm_image_build_id", "NEW.id"),
        _project_of_event("NEW.project_event_id"),
    ),
)

COLUMNS = "kind, target_id, group_id, run_id, project_id, old_status, new_status, at"


def _values(source: Source, old_status: str, at: str) -> str:
    new_status = "NULL" if source.status is None else f"NEW.{source.status}"
    return (
        f"'{source.kind}', NEW.id, {source.group}, {source.run}, {source.project},"
        f" {old_status}, {new_status}, {at}"
    )


def _postgresql_upgrade() -> None:
    for source in SOURCES:
        old = (
            "NULL"
            if source.status is None
            else f"CASE WHEN TG_OP = 'UPDATE' THEN OLD.{source.status} END"
        )
        op.execute(
            f"""
            CREATE FUNCTION status_event_{source.table}() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                event_id bigint;
            BEGIN
                -- Held until the transaction ends: ids commit in the order they are drawn.
                PERFORM pg_advisory_xact_lock({LOCK_KEY});
                INSERT INTO status_events ({COLUMNS})
                VALUES ({_values(source, old, "clock_timestamp()")})
                RETURNING id INTO event_id;
                PERFORM pg_notify('{CHANNEL}', event_id::text);
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            f"CREATE TRIGGER status_event_insert AFTER INSERT ON {source.table}"
            f" FOR EACH ROW EXECUTE FUNCTION status_event_{source.table}()"
        )
        if source.status is not None:
            op.execute(
                f"CREATE TRIGGER status_event_update AFTER UPDATE OF {source.status}"
                f" ON {source.table} FOR EACH ROW"
                f" WHEN (OLD.{source.status} IS DISTINCT FROM NEW.{source.status})"
                f" EXECUTE FUNCTION status_event_{source.table}()"
            )


# SQLite's clock with microseconds, in the text form SQLAlchemy stores and parses: %f
# gives milliseconds ("SS.SSS"), so three zeros make the six digits it reads.
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def _sqlite_upgrade() -> None:
    for source in SOURCES:
        op.execute(
            f"CREATE TRIGGER status_event_{source.table}_insert AFTER INSERT ON {source.table}"
            f" BEGIN INSERT INTO status_events ({COLUMNS})"
            f" VALUES ({_values(source, 'NULL', SQLITE_NOW)}); END"
        )
        if source.status is not None:
            op.execute(
                f"CREATE TRIGGER status_event_{source.table}_update"
                f" AFTER UPDATE OF {source.status} ON {source.table}"
                f" WHEN OLD.{source.status} IS NOT NEW.{source.status}"
                f" BEGIN INSERT INTO status_events ({COLUMNS})"
                f" VALUES ({_values(source, f'OLD.{source.status}', SQLITE_NOW)}); END"
            )


def upgrade() -> None:
    op.create_table(
        "status_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("old_status", sa.String(length=32), nullable=True),
        sa.Column("new_status", sa.String(length=32), nullable=True),
        sa.Column("at", shared_db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_events")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_events_at"), ["at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for source in SOURCES:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS status_event_insert ON {source.table}")
            op.execute(f"DROP TRIGGER IF EXISTS status_event_update ON {source.table}")
            op.execute(f"DROP FUNCTION status_event_{source.table}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS status_event_{source.table}_insert")
            op.execute(f"DROP TRIGGER IF EXISTS status_event_{source.table}_update")
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_events_at"))
    op.drop_table("status_events")
