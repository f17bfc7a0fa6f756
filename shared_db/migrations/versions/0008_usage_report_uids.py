"""usage_reports: uid, a random id per report

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 17:20:00

A finished usage report never changes, so what a process makes of it (its encoded
answer) can be kept; but its ``id`` does not name it safely for that: another database
has a report with the same id, and an id comes back after a rollback (or, on SQLite,
after the newest rows are deleted). ``uid`` is a random id the application sets on every
report it writes. Rows from before, or written by other processes, have none and are
simply not kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a default: a plain ALTER TABLE on both databases (no table
    # rebuild on SQLite).
    op.add_column("usage_reports", sa.Column("uid", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("usage_reports", schema=None) as batch_op:
        batch_op.drop_column("uid")
