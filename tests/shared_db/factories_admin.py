"""Factories for the allowlist and GitHub App installations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import AllowlistEntry, AllowlistStatus, GithubInstallation


def make_allowlist_entry(
    session: Session,
    namespace: str,
    status: AllowlistStatus = AllowlistStatus.approved_manually,
    fas_account: str | None = None,
) -> AllowlistEntry:
    entry = AllowlistEntry(namespace=namespace, status=status, fas_account=fas_account)
    session.add(entry)
    session.flush()
    return entry


def make_installation(
    session: Session, login: str = "packit", created_at: datetime | None = None
) -> GithubInstallation:
    installation = GithubInstallation(
        account_login=login,
        account_id=42,
        account_url=f"https://github.com/{login}",
        account_type="Organization",
        sender_id=None,
        sender_login=None,
        created_at=created_at or datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )
    session.add(installation)
    session.flush()
    return installation
