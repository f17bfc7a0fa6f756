"""Domain errors. Each carries the HTTP status it means; each web stack renders them once."""

from __future__ import annotations

import logging
import sqlite3
import time
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


class OutageWarnings:
    """Warns about a failing database at most once per ``seconds`` per process, with how
    many it held back, and never the SQL (a statement can carry values clients sent)."""

    def __init__(self, what: str = "database unavailable", seconds: float = 30.0) -> None:
        self.what = what
        self.seconds = seconds
        self._last: float | None = None
        self._held = 0

    def warn(self, logger: logging.Logger, error: BaseException) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            self._held += 1
            return
        self._last, held, self._held = now, self._held, 0
        logger.warning(
            "%s (%s); %d more such errors in the last %.0f s",
            self.what,
            type(error).__name__,
            held,
            self.seconds,
        )


OUTAGE_WARNINGS = OutageWarnings()


def is_lock_wait(error: sa_exc.SQLAlchemyError) -> bool:
    """Whether SQLite refused a statement because another connection holds a lock it needs
    (SQLITE_BUSY, with any extended code): the work can run again once the lock is free."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return (
        isinstance(error, sa_exc.OperationalError)
        and code is not None
        and (code & 0xFF == sqlite3.SQLITE_BUSY)
    )
