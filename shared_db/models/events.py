"""The feed of status changes: one row per change of a target's status, written by triggers.

Whoever changes a status (this API, the service's workers, a person with ``psql``), the
database appends the row in the same transaction (revision 0004 creates the triggers on
PostgreSQL and on SQLite). Rows are never updated; old ones are pruned after the retention
the settings give. The application only reads this table and deletes from its tail.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Identity, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared_db.base import Base

# SQLite only makes INTEGER PRIMARY KEY the rowid, and only AUTOINCREMENT keeps it from
# handing out an id again once the newest rows are deleted: a client resuming after an id
# must never see another event under it.
EVENT_ID = BigInteger().with_variant(Integer(), "sqlite")

# The channel the PostgreSQL triggers NOTIFY with the new event's id.
NOTIFY_CHANNEL = "status_events"
# The key of the transaction-level advisory lock the PostgreSQL triggers take before they
# draw an id: status-changing transactions then commit their events in id order, so a
# reader that has seen id n will never see a smaller id appear later.
APPEND_LOCK_KEY = 0x5E_7E_00_04


class StatusEvent(Base):
    __tablename__ = "status_events"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(EVENT_ID, Identity(always=False), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # shared_db.queries.status_events.EventKind
    target_id: Mapped[int]
    group_id: Mapped[int | None]  # the target's group (the sync run of a sync target)
    run_id: Mapped[int | None]  # the first pipeline of that group, when there was one
    project_id: Mapped[int | None]  # git project of the triggering event (no FK: a log)
    old_status: Mapped[str | None] = mapped_column(String(32))  # None: the target is new
    new_status: Mapped[str | None] = mapped_column(String(32))  # None: kinds without status
    at: Mapped[datetime] = mapped_column(index=True)
