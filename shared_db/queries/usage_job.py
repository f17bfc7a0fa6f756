"""One round of the usage job (run by ``gateway.usage_job`` in every worker)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from shared_db.queries.usage_reports import prepare_intervals
from shared_db.queries.usage_summaries import compute, lead, oldest_as_of, store


def run_job(session: Session, now: datetime, freshness: timedelta, every: timedelta) -> bool:
    """If this transaction leads (:func:`~shared_db.queries.usage_summaries.lead`): refresh
    the summaries when one is missing or older than ``every``, and make the intervals
    charts of the current hour asked for lately. Whether it refreshed the summaries."""
    if not lead(session):
        return False
    oldest = oldest_as_of(session)
    refreshed = oldest is None or oldest <= now - every
    run_round(session, now, freshness, refresh=refreshed)
    return refreshed


def run_round(session: Session, now: datetime, freshness: timedelta, *, refresh: bool) -> int:
    """Refresh the summaries (if ``refresh``) and make the charts asked for lately; how many
    charts were asked for.

    Every read comes first, and the writes at the end, just before the commit: on SQLite
    the first write takes the database's write lock until the commit, and a request
    storing a usage report meanwhile would wait for the whole computation (seconds on a
    large database) and time out."""
    with session.no_autoflush:
        if refresh:
            store(session, compute(session, now), now, freshness)
        charts = prepare_intervals(session, now)
    session.flush()
    return charts
