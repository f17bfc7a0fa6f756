"""Domain errors. Each carries the HTTP status it means; each web stack renders them once."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from sqlalchemy import exc as sa_exc


class DomainError(Exception):
    status_code: ClassVar[int] = 500
    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class InvalidInput(DomainError):
    status_code = 400


class Unauthorized(DomainError):
    status_code = 401


class Conflict(DomainError):
    status_code = 409


class PayloadTooLarge(DomainError):
    status_code = 413


class DatabaseUnavailable(DomainError):
    status_code = 503

    def __init__(self, message: str = "The database is unavailable, try again later") -> None:
        super().__init__(message)


def unavailable_from(error: sa_exc.SQLAlchemyError) -> DatabaseUnavailable | None:
    """The domain error for a database that cannot be reached or is overloaded, else None.

    Connection refused, a dropped connection, a full pool, a locked SQLite file, an
    unopenable file: retrying later can help, so they are a 503 and not a 500.
    """
    if isinstance(error, sa_exc.TimeoutError):
        return DatabaseUnavailable("No database connection is free, try again later")
    if isinstance(error, sa_exc.DBAPIError) and (
        error.connection_invalidated
        or isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError)
    ):
        return DatabaseUnavailable()
    return None


def is_lock_wait(error: sa_exc.SQLAlchemyError) -> bool:
    """Whether SQLite refused a statement because another connection holds a lock it needs
    (SQLITE_BUSY, with any extended code): the work can run again once the lock is free."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return (
        isinstance(error, sa_exc.OperationalError)
        and code is not None
        and (code & 0xFF == sqlite3.SQLITE_BUSY)
    )
