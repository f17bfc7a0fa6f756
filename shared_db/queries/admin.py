"""The allowlist and GitHub App installations, read as a whole or one entry at a time.

Neither list is paged (the legacy routes never were); both come in the order the entries
were added. An unknown entry is ``None``, not an error: the legacy routes answer it with
204 No Content.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared_db.models import AllowlistEntry, GithubInstallation


def list_allowlist(session: Session) -> list[AllowlistEntry]:
    return list(session.scalars(select(AllowlistEntry).order_by(AllowlistEntry.id)))


def get_allowlist_entry(session: Session, namespace: str) -> AllowlistEntry | None:
    """The entry of ``namespace`` exactly as stored, e.g. ``github.com/packit``."""
    return session.scalar(select(AllowlistEntry).where(AllowlistEntry.namespace == namespace))


def list_installations(session: Session) -> list[GithubInstallation]:
    return list(session.scalars(select(GithubInstallation).order_by(GithubInstallation.id)))


def get_installation(session: Session, installation_id: int) -> GithubInstallation | None:
    return session.get(GithubInstallation, installation_id)
