"""The allowlist and GitHub App installations, read as a whole or one entry at a time.

The legacy lists are not paged (they never were); both come in the order the entries
were added. An unknown entry is ``None``, not an error: the legacy routes answer it with
204 No Content (v1 answers 404). The ``*_rows`` functions are v1's keyset pages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session

from shared_db.models import AllowlistEntry, AllowlistStatus, GithubInstallation
from shared_db.queries.filters import text_is
from shared_db.queries.pages import Keyset, fetch_page, where_all

ALLOWLIST_ENTRY_NOT_FOUND = "Namespace not in allowlist"
INSTALLATION_NOT_FOUND = "Identifier not among the installations"


def list_allowlist(session: Session) -> list[AllowlistEntry]:
    return list(session.scalars(select(AllowlistEntry).order_by(AllowlistEntry.id)))


def get_allowlist_entry(session: Session, namespace: str) -> AllowlistEntry | None:
    """The entry of ``namespace`` exactly as stored, e.g. ``github.com/packit``."""
    return session.scalar(
        select(AllowlistEntry).where(text_is(AllowlistEntry.namespace, namespace))
    )


def list_installations(session: Session) -> list[GithubInstallation]:
    return list(session.scalars(select(GithubInstallation).order_by(GithubInstallation.id)))


def get_installation(session: Session, installation_id: int) -> GithubInstallation | None:
    return session.get(GithubInstallation, installation_id)


_ALLOWLIST_ROWS = select(
    AllowlistEntry.id, AllowlistEntry.namespace, AllowlistEntry.status, AllowlistEntry.fas_account
)
_INSTALLATION_ROWS = select(
    GithubInstallation.id,
    GithubInstallation.account_login,
    GithubInstallation.account_id,
    GithubInstallation.account_type,
    GithubInstallation.account_url,
    GithubInstallation.sender_login,
    GithubInstallation.sender_id,
    GithubInstallation.created_at,
)


def allowlist_rows(
    session: Session, keyset: Keyset, status: AllowlistStatus | None = None
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page (by id) of allowlist entries, optionally of one status."""
    where = [] if status is None else [AllowlistEntry.status == status]
    return fetch_page(session, keyset, where_all(_ALLOWLIST_ROWS, where), AllowlistEntry.id)


def installation_rows(
    session: Session,
    keyset: Keyset,
    account_login: str | None = None,
    account_type: str | None = None,
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page (by id) of installations, optionally of one account or account type."""
    where: list[ColumnElement[bool]] = []
    if account_login is not None:
        where.append(text_is(GithubInstallation.account_login, account_login))
    if account_type is not None:
        where.append(text_is(GithubInstallation.account_type, account_type))
    statement = where_all(_INSTALLATION_ROWS, where)
    return fetch_page(session, keyset, statement, GithubInstallation.id)
