"""The migration control plane's state: each legacy operation's mode, who changed it and why,
and the parity evidence recorded for it.

Ops change this at run time (``gateway migration …``); every gateway worker reads it with
a bounded delay. An operation without a row is in the ``legacy`` mode.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, false
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
    # Shadow Flask against itself instead of against the view (measures the noise).
    shadow_aa: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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


class TrafficHour(Base):
    """Requests per operation, stack and hour (UTC), summed over every worker and host; a
    day's traffic is the sum of its hours.

    Each worker adds what it counted every few seconds (an atomic ``count + n`` upsert),
    so the totals are exact and "no call since" survives restarts.
    """

    __tablename__ = "migration_traffic"

    operation_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    stack: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_seen: Mapped[datetime]


class TrafficAgent(Base):
    """Requests per operation, day and client user agent (the top ones are shown)."""

    __tablename__ = "migration_traffic_agents"

    operation_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    user_agent: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ShadowSummary(Base):
    """What the background comparisons of one operation found, summed over every worker.

    ``kind`` is ``view`` (Flask against the legacy view) or ``aa`` (Flask against itself:
    the noise a comparison finds when nothing differs).
    """

    __tablename__ = "migration_shadow_summary"

    operation_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    samples: Mapped[int] = mapped_column(Integer, default=0)
    matches: Mapped[int] = mapped_column(Integer, default=0)
    value_mismatches: Mapped[int] = mapped_column(Integer, default=0)
    status_mismatches: Mapped[int] = mapped_column(Integer, default=0)
    row_mismatches: Mapped[int] = mapped_column(Integer, default=0)
    view_errors: Mapped[int] = mapped_column(Integer, default=0)
    dropped: Mapped[int] = mapped_column(Integer, default=0)
    last_mismatch_at: Mapped[datetime | None]


class ShadowMismatch(Base):
    """One comparison that differed: the request, both answers (trimmed) and where they
    differ. The newest 100 per operation are kept."""

    __tablename__ = "migration_shadow_mismatches"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    request: Mapped[str] = mapped_column(Text)
    legacy_status: Mapped[int] = mapped_column(Integer)
    view_status: Mapped[int | None] = mapped_column(Integer)
    legacy_body: Mapped[str] = mapped_column(Text)
    view_body: Mapped[str] = mapped_column(Text)
    differences: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)


class FlaskOffRun(Base):
    """One run of the contract cases through a gateway started with Flask off."""

    __tablename__ = "migration_flask_off_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_version: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool] = mapped_column(Boolean)
    cases: Mapped[int] = mapped_column(Integer)
    failures: Mapped[list[str]] = mapped_column(JSONDocument)
    ran_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
