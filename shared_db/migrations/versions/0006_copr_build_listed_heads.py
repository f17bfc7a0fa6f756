"""copr build targets: listed_head, kept by triggers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 11:50:00

The merged Copr list shows one item per Copr build: its lowest listed target (see
``shared_db.queries.copr_builds._listed``). Finding a deep page used to probe, for every
target above it, whether the same build had an earlier listed target, so page 1,750 cost
16x page 1. ``listed_head`` marks the item row once, on every write, in the database
(every writer and every process alike); a page is then a walk of an index.

On PostgreSQL the trigger first takes a transaction-level advisory lock on the Copr build
id's bucket, so two transactions writing targets of one build recompute its head one after
the other, each seeing the other's committed rows (READ COMMITTED). Buckets, not one lock
per build: a transaction keeps its advisory locks until it ends, and one writing 100,000
builds (the seeder) ran out of PostgreSQL's shared lock table (max_locks_per_transaction).
SQLite has one writer.
"""

# ruff: noqa: S608  (the SQL below is built from this file's constants only)

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED = """e.status <> 'waiting_for_srpm'
        AND (e.status <> 'failure' OR e.build_start_time IS NOT NULL
             OR e.build_logs_url IS NOT NULL)"""


def recompute(build_id: str) -> str:
    """Set ``listed_head`` on the targets of one Copr build, where it changes."""
    head = f"""COALESCE((SELECT min(e.id) FROM copr_build_targets e
        WHERE e.build_id = {build_id} AND {LISTED}), 0)"""
    return f"""UPDATE copr_build_targets SET listed_head = (id = {head})
    WHERE build_id = {build_id} AND listed_head <> (id = {head});"""


WATCHED = "build_id, status, build_start_time, build_logs_url"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER copr_build_heads_insert AFTER INSERT ON copr_build_targets
    BEGIN {recompute("NEW.build_id")} END""",
    f"""CREATE TRIGGER copr_build_heads_update AFTER UPDATE OF {WATCHED} ON copr_build_targets
    BEGIN {recompute("OLD.build_id")} {recompute("NEW.build_id")} END""",
    f"""CREATE TRIGGER copr_build_heads_delete AFTER DELETE ON copr_build_targets
    BEGIN {recompute("OLD.build_id")} END""",
)

# Advisory lock buckets the Copr build ids are spread over (a power of two).
LOCK_BUCKETS = 1024

POSTGRESQL_FUNCTION = f"""CREATE FUNCTION copr_build_heads() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    build text;
BEGIN
    FOREACH build IN ARRAY (
        CASE TG_OP
            WHEN 'INSERT' THEN ARRAY[NEW.build_id]
            WHEN 'DELETE' THEN ARRAY[OLD.build_id]
            ELSE ARRAY(SELECT DISTINCT b FROM unnest(ARRAY[OLD.build_id, NEW.build_id]) b)
        END
    ) LOOP
        PERFORM pg_advisory_xact_lock(hashtext('copr_build_heads'), hashtext(build) & {LOCK_BUCKETS - 1});
        {recompute("build")}
    END LOOP;
    RETURN NULL;
END
$$"""

POSTGRESQL_TRIGGERS = (
    """CREATE TRIGGER copr_build_heads_insert AFTER INSERT ON copr_build_targets
    FOR EACH ROW EXECUTE FUNCTION copr_build_heads()""",
    f"""CREATE TRIGGER copr_build_heads_update AFTER UPDATE OF {WATCHED} ON copr_build_targets
    FOR EACH ROW EXECUTE FUNCTION copr_build_heads()""",
    """CREATE TRIGGER copr_build_heads_delete AFTER DELETE ON copr_build_targets
    FOR EACH ROW EXECUTE FUNCTION copr_build_heads()""",
)

BACKFILL = f"""UPDATE copr_build_targets SET listed_head = (id IN (
    SELECT min(e.id) FROM copr_build_targets e WHERE {LISTED} GROUP BY e.build_id))"""


def upgrade() -> None:
    op.add_column(
        "copr_build_targets",
        sa.Column("listed_head", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index(
        op.f("ix_copr_build_targets_listed_head"),
        "copr_build_targets",
        ["listed_head", "id"],
        unique=False,
    )
    op.execute(BACKFILL)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for trigger in POSTGRESQL_TRIGGERS:
            op.execute(trigger)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    for action in ("insert", "update", "delete"):
        op.execute(
            f"DROP TRIGGER copr_build_heads_{action} ON copr_build_targets"
            if op.get_bind().dialect.name == "postgresql"
            else f"DROP TRIGGER copr_build_heads_{action}"
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION copr_build_heads()")
    op.drop_index(op.f("ix_copr_build_targets_listed_head"), table_name="copr_build_targets")
    # Not batch mode: on SQLite it rebuilds the table, which would drop revision 0004's
    # status-event triggers on it (SQLite drops a plain column in place since 3.35).
    op.drop_column("copr_build_targets", "listed_head")
