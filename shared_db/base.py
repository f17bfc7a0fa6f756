"""Declarative base, naming convention and the column types every model uses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, so Alembic can drop and alter constraints by name on
# every backend (SQLite batch mode needs them).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back time-zone aware.

    SQLite keeps no zone, so values come back naive there; this type makes both backends
    hand out the same aware UTC ``datetime``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSON documents: JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


# Primary keys are INTEGER columns (32-bit on PostgreSQL): no id can be larger.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


OUT_OF_RANGE_IN_UTC = "out of range once converted to UTC (years 1 to 9999)"


def as_utc(moment: datetime) -> datetime:
    """An aware ``moment`` in UTC, as every timestamp is stored and compared.

    Raises ValueError (not OverflowError) when UTC leaves Python's years 1 to 9999, e.g.
    ``9999-12-31T23:59:59-14:00``: the edges parse such a value and refuse it as the bad
    input it is, before any query binds it.
    """
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(OUT_OF_RANGE_IN_UTC) from error


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime()}
