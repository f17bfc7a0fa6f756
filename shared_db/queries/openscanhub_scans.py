"""OpenScanHub scans: the list of scans and one scan, each with its Copr build's trigger."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shared_db.errors import NotFound
from shared_db.models import CoprBuildGroup, CoprBuildTarget, OSHScan
from shared_db.queries.events import with_trigger
from shared_db.queries.pages import Window, in_page_order, page_ids

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
