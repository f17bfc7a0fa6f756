"""Usage figures computed in the background (see :mod:`shared_db.queries.usage_summaries`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shared_db.base import Base, JSONDocument


class UsageSummary(Base):
    """One precomputed figure set: the activity of a period, or the project counts.

    Rows are replaced whole by the usage job; ``version`` changes with every computation,
    so a process may keep what it parsed from ``data`` for as long as the version stays.
    """

    __tablename__ = "usage_summaries"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)  # total, past-day, …
    since: Mapped[datetime | None]  # start of the period (None: since the beginning)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    version: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[datetime]  # when the figures were read
    fresh_until: Mapped[datetime]  # routes compute directly after this moment
