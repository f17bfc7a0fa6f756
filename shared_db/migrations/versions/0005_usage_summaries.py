"""usage summaries, and when a usage report's figures were read

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 11:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import shared_db.base

revision: str = "0005"
# Linked to 0003 while the events feed (0004) is built in parallel; relinked on merge.
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_summaries",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("since", shared_db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("as_of", shared_db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fresh_until", shared_db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_usage_summaries")),
    )
    with op.batch_alter_table("usage_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("as_of", shared_db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("prepared", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("usage_reports", schema=None) as batch_op:
        batch_op.drop_column("prepared")
        batch_op.drop_column("as_of")
    op.drop_table("usage_summaries")
