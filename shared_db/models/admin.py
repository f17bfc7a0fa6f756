"""Installations, the allowlist, received webhook deliveries and usage reports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared_db.base import Base, JSONDocument, utcnow
from shared_db.models.enums import AllowlistStatus, Forge, UsageReportStatus, enum_column

if TYPE_CHECKING:
    from shared_db.models.projects import GitProject

installation_repositories = Table(
    "github_installation_repositories",
    Base.metadata,
    Column("installation_id", ForeignKey("github_installations.id"), primary_key=True),
    Column("project_id", ForeignKey("git_projects.id"), primary_key=True, index=True),
)


class GithubInstallation(Base):
    """A GitHub App installation on an account."""

    __tablename__ = "github_installations"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_login: Mapped[str] = mapped_column(String(255), index=True)
    account_id: Mapped[int]
    account_url: Mapped[str] = mapped_column(String(512))
    account_type: Mapped[str] = mapped_column(String(32))  # User or Organization
    sender_id: Mapped[int | None]
    sender_login: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    repositories: Mapped[list[GitProject]] = relationship(
        secondary=installation_repositories, lazy="raise"
    )


class AllowlistEntry(Base):
    """An account (a forge namespace) allowed, waiting or denied to use the service."""

    __tablename__ = "allowlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "github.com/packit"
    namespace: Mapped[str] = mapped_column(String(512), unique=True)
    status: Mapped[AllowlistStatus] = mapped_column(
        enum_column(AllowlistStatus, "allowlist_status"), index=True
    )
    fas_account: Mapped[str | None] = mapped_column(String(255))


class WebhookDelivery(Base):
    """A webhook delivery as received, stored before it is acknowledged.

    ``(forge, delivery_id)`` is unique: a redelivery of the same delivery is acknowledged
    without being stored twice.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("forge", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forge: Mapped[Forge] = mapped_column(enum_column(Forge, "forge"))
    delivery_id: Mapped[str] = mapped_column(String(128))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the raw body, exactly as signed
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class UsageReport(Base):
    """A usage computation, started on request and fetched later by id."""

    __tablename__ = "usage_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # past-day, ..., total, intervals
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    status: Mapped[UsageReportStatus] = mapped_column(
        enum_column(UsageReportStatus, "usage_report_status")
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    # When the figures of ``result`` were read: a report made from a usage summary is as
    # old as the summary (None for reports stored before summaries existed).
    as_of: Mapped[datetime | None]
    # Made by the usage job ahead of requests (an intervals chart asked for before), not
    # by a request: what the job prepares follows what requests asked.
    prepared: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A random id, set when the row is written here: unlike ``id`` it names one report
    # in every database and never comes back after a rollback or a delete, so what a
    # process keeps of a finished report (which never changes) is kept under it. None for
    # rows written elsewhere (those are not kept).
    uid: Mapped[str | None] = mapped_column(String(32), default=lambda: uuid.uuid4().hex)
