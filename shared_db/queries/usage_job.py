"""One round of the usage job (run by ``gateway.usage_job`` in every worker)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from shared_db.queries.usage_reports import prepare_intervals
from shared_db.queries.usage_summaries import lead, oldest_as_of, refresh


def run_job(session: Session, now: datetime, freshness: timedelta, every: timedelta) -> bool:
    """If this transaction leads (:func:`~shared_db.queries.usage_summaries.lead`): refresh
    the summaries when one is missing or older than ``every``, and make the intervals
    charts of the current hour asked for lately. Whether it refreshed the summaries."""
    if not lead(session):
        return False
    oldest = oldest_as_of(session)
    refreshed = oldest is None or oldest <= now - every
    if refreshed:
        refresh(session, now, freshness)
    prepare_intervals(session, now)
    return refreshed
