"""indexes for the legacy lists' deep pages: projects by name; ids on SQLite

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:45:00

The legacy lists page by offset. The projects list is ordered by namespace, repository
name and id, and no index had that order: every page sorted all projects, so a deep page
cost 2.1x page 1 on SQLite (the sort grows with the offset). Now it walks the index.

On SQLite a table is stored in its rowid order, so the SRPM and Testing Farm lists walked
the table's own rows, SRPM logs included, to skip an offset: page 1,792 of SRPM builds
cost 2.3x page 1. An index on the id alone is narrow and covers that walk (3.4 ms to
0.5 ms for the ids of that page, 100,000 builds). PostgreSQL needs no such index: its
primary key is one already.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_ID_INDEXES = (
    ("ix_srpm_builds_id", "srpm_builds"),
    ("ix_tft_test_run_targets_id", "tft_test_run_targets"),
)


def upgrade() -> None:
    op.create_index("ix_git_projects_namespace", "git_projects", ["namespace", "repo_name", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for name, table in SQLITE_ID_INDEXES:
            op.create_index(name, table, ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, table in SQLITE_ID_INDEXES:
            op.drop_index(name, table_name=table)
    op.drop_index("ix_git_projects_namespace", table_name="git_projects")
