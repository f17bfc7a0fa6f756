"""OpenScanHub scans: the list of scans and one scan, each with its Copr build's trigger."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload

from shared_db.errors import NotFound
from shared_db.models import CoprBuildGroup, CoprBuildTarget, OSHScan
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, with_trigger
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

SCAN_NOT_FOUND = "No info about scan stored in DB"

# A scan's project info is that of the event behind the Copr build it scanned.
_BUILD_TRIGGER = with_trigger(
    joinedload(OSHScan.copr_build_target)
    .joinedload(CoprBuildTarget.group)
    .joinedload(CoprBuildGroup.project_event)
)


def list_scans(session: Session, window: Window) -> list[OSHScan]:
    """One page of scans, newest first, each with its build's trigger. Two statements."""
    ids = page_ids(session, OSHScan.id.expression, window)
    if not ids:
        return []
    scans = session.scalars(select(OSHScan).where(OSHScan.id.in_(ids)).options(_BUILD_TRIGGER))
    page: list[OSHScan] = in_page_order(list(scans.all()), ids)
    return page


def get_scan(session: Session, scan_id: int) -> OSHScan:
    """One scan with its build's trigger."""
    scan = session.scalar(select(OSHScan).where(OSHScan.id == scan_id).options(_BUILD_TRIGGER))
    if scan is None:
        raise NotFound(SCAN_NOT_FOUND)
    return scan


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_SCAN_ROWS = join_trigger(
    select(
        OSHScan.id,
        OSHScan.task_id,
        OSHScan.status,
        OSHScan.url,
        OSHScan.issues_added_count,
        OSHScan.issues_added_url,
        OSHScan.issues_fixed_url,
        OSHScan.scan_results_url,
        OSHScan.copr_build_target_id,
        OSHScan.submitted_time,
        *TRIGGER_COLUMNS,
    )
    .join(CoprBuildTarget, CoprBuildTarget.id == OSHScan.copr_build_target_id)
    .join(CoprBuildGroup, CoprBuildGroup.id == CoprBuildTarget.group_id),
    CoprBuildGroup.project_event_id,
)


def scan_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of scans with the triggers of their Copr builds, in one statement.

    The project and trigger filters apply to the event behind the scanned Copr build.
    Rows carry the scan's columns and :data:`TRIGGER_COLUMNS`; the second value is the id
    to continue after, None on the last page.
    """
    statement = where_all(
        _SCAN_ROWS,
        work_conditions(filters, status=OSHScan.status, submitted=OSHScan.submitted_time),
    )
    return fetch_page(session, keyset, statement, OSHScan.id)
