"""The migration control plane's state: each legacy operation's mode, who changed it and why,
and the parity evidence recorded for it.

Ops change this at run time (``gateway migration …``); every gateway worker reads it with
a bounded delay. An operation without a row is in the ``legacy`` mode.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared_db.base import Base, JSONDocument, utcnow
from shared_db.models.enums import enum_column


class MigrationMode(enum.StrEnum):
    legacy = "legacy"  # Flask answers
    shadow = "shadow"  # Flask answers; the legacy view is compared in the background
    cutover = "cutover"  # the FastAPI legacy view answers
    retired = "retired"  # 410 Gone, with a link to the v1 successor


class OperationState(Base):
    """Where one legacy operation (``copr-builds.get``) is served from, and its dates."""

    __tablename__ = "migration_operations"

    operation_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    mode: Mapped[MigrationMode] = mapped_column(
        enum_column(MigrationMode, "migration_mode"), default=MigrationMode.legacy
    )
    shadow_rate: Mapped[float] = mapped_column(Float, default=0.0)
    deprecated_on: Mapped[date | None]
    sunset_on: Mapped[date | None]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModeChange(Base):
    """The audit trail: one row per change of an operation's mode or dates."""

    __tablename__ = "migration_mode_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[str] = mapped_column(
        ForeignKey("migration_operations.operation_id"), index=True
    )
    # Each its own enum name: their CHECK constraints are named after it.
    from_mode: Mapped[MigrationMode] = mapped_column(enum_column(MigrationMode, "from_mode"))
    to_mode: Mapped[MigrationMode] = mapped_column(enum_column(MigrationMode, "to_mode"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[str | None] = mapped_column(Text)  # what else changed (rate, dates)


class ParityEvidence(Base):
    """One offline parity run (``gateway migration verify``) of one operation.

    ``code_version`` identifies the code that produced it: the cut-over gate only accepts
    evidence recorded by the code that is running now.
    """

    __tablename__ = "migration_parity_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[str] = mapped_column(String(128), index=True)
    code_version: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool] = mapped_column(Boolean)
    cases: Mapped[int] = mapped_column(Integer)
    mismatches: Mapped[int] = mapped_column(Integer)
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    verified_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
