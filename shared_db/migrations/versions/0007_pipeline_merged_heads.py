"""pipelines: merged_head, kept by triggers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 14:30:00

The legacy runs list shows one item per merged run: the runs that share one SRPM build,
named by their lowest pipeline id (its "head"; a run without an SRPM build is a head of
its own). Finding a deep page used to probe, for every pipeline above it, whether an
earlier run shared its SRPM build, so page 1,837 cost 4-7x page 1. ``merged_head`` marks
the head once, on every write, in the database (every writer and every process alike); a
page is then a walk of an index. As revision 0006 does for the merged Copr list.

The column defaults to true (a run without an SRPM build is a head, and so is the first
run of one); the triggers correct the runs of the SRPM builds an insert, an update of
``srpm_build_id`` (or ``id``) or a delete touched, and set a run moved to no SRPM build.

On PostgreSQL the trigger first takes a transaction-level advisory lock on the SRPM build
id's bucket, so two transactions writing runs of one SRPM build recompute its head one
after the other, each seeing the other's committed rows (READ COMMITTED). Buckets, not one
lock per build, for the reason 0006 gives (a transaction keeps its advisory locks until it
ends); the first key is not 0006's, so the two never wait for each other. SQLite has one
writer.
"""

# ruff: noqa: S608  (the SQL below is built from this file's constants only)

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def recompute(srpm_build_id: str) -> str:
    """Set ``merged_head`` on the runs of one SRPM build, where it changes (none if NULL)."""
    head = f"(SELECT min(p.id) FROM pipelines p WHERE p.srpm_build_id = {srpm_build_id})"
    return f"""UPDATE pipelines SET merged_head = (id = {head})
    WHERE srpm_build_id = {srpm_build_id} AND merged_head <> (id = {head});"""


def alone(row: str) -> str:
    """A run without an SRPM build is a head (after an update that took it away)."""
    return f"""UPDATE pipelines SET merged_head = true
    WHERE id = {row}.id AND srpm_build_id IS NULL AND NOT merged_head;"""


WATCHED = "id, srpm_build_id"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER pipeline_merged_heads_insert AFTER INSERT ON pipelines
    BEGIN {recompute("NEW.srpm_build_id")} {alone("NEW")} END""",
    f"""CREATE TRIGGER pipeline_merged_heads_update AFTER UPDATE OF {WATCHED} ON pipelines
    BEGIN {recompute("OLD.srpm_build_id")} {recompute("NEW.srpm_build_id")} {alone("NEW")} END""",
    f"""CREATE TRIGGER pipeline_merged_heads_delete AFTER DELETE ON pipelines
    BEGIN {recompute("OLD.srpm_build_id")} END""",
)

# Advisory lock buckets the SRPM build ids are spread over (a power of two).
LOCK_BUCKETS = 1024
# The first key of the two-key advisory locks: 0006 uses hashtext('copr_build_heads').
LOCK_SPACE = "pipeline_merged_heads"

POSTGRESQL_FUNCTION = f"""CREATE FUNCTION pipeline_merged_heads() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    srpm integer;
BEGIN
    FOREACH srpm IN ARRAY (
        CASE TG_OP
            WHEN 'INSERT' THEN ARRAY[NEW.srpm_build_id]
            WHEN 'DELETE' THEN ARRAY[OLD.srpm_build_id]
            ELSE ARRAY(
                SELECT DISTINCT s FROM unnest(ARRAY[OLD.srpm_build_id, NEW.srpm_build_id]) s
                ORDER BY s
            )
        END
    ) LOOP
        CONTINUE WHEN srpm IS NULL;
        PERFORM pg_advisory_xact_lock(hashtext('{LOCK_SPACE}'), srpm & {LOCK_BUCKETS - 1});
        {recompute("srpm")}
    END LOOP;
    IF TG_OP <> 'DELETE' THEN
        {alone("NEW")}
    END IF;
    RETURN NULL;
END
$$"""

POSTGRESQL_TRIGGERS = (
    """CREATE TRIGGER pipeline_merged_heads_insert AFTER INSERT ON pipelines
    FOR EACH ROW EXECUTE FUNCTION pipeline_merged_heads()""",
    f"""CREATE TRIGGER pipeline_merged_heads_update AFTER UPDATE OF {WATCHED} ON pipelines
    FOR EACH ROW EXECUTE FUNCTION pipeline_merged_heads()""",
    """CREATE TRIGGER pipeline_merged_heads_delete AFTER DELETE ON pipelines
    FOR EACH ROW EXECUTE FUNCTION pipeline_merged_heads()""",
)

# A probe of the srpm_build_id index per run (a semi join on PostgreSQL): NOT IN over the
# heads would not stay a hashed subplan on PostgreSQL once they outgrow work_mem.
BACKFILL = """UPDATE pipelines SET merged_head = false
    WHERE srpm_build_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM pipelines p
        WHERE p.srpm_build_id = pipelines.srpm_build_id AND p.id < pipelines.id)"""


def upgrade() -> None:
    op.add_column(
        "pipelines",
        sa.Column("merged_head", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.create_index(
        op.f("ix_pipelines_merged_head"), "pipelines", ["merged_head", "id"], unique=False
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
            f"DROP TRIGGER pipeline_merged_heads_{action} ON pipelines"
            if op.get_bind().dialect.name == "postgresql"
            else f"DROP TRIGGER pipeline_merged_heads_{action}"
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION pipeline_merged_heads()")
    op.drop_index(op.f("ix_pipelines_merged_head"), table_name="pipelines")
    # Not batch mode: on SQLite it would rebuild the table (as 0006 says of its own column).
    op.drop_column("pipelines", "merged_head")
