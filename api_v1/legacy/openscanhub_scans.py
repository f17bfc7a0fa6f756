"""openscanhub-scans (legacy view): OpenScanHub differential scans of Copr builds."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import openscanhub_scans as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info
from api_v1.schemas.openscanhub_scans import OSHScanRead
from shared_db.models import OSHScan
from shared_db.queries import openscanhub_scans as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window

router = LegacyRouter("openscanhub-scans")


def scan_info(scan: OSHScanRead) -> dict[str, Any]:
    """A scan and the project info of the Copr build it scanned (the detail; list items
    add their ``packit_id``)."""
    return {
        "task_id": scan.task_id,
        "status": scan.status.value,
        "url": scan.url,
        "issues_added_count": scan.issues_added_count,
        "issues_added_url": scan.issues_added_url,
        "issues_fixed_url": scan.issues_fixed_url,
        "scan_results_url": scan.scan_results_url,
        "copr_build_target_id": scan.copr_build_id,
        "submitted_time": epoch(scan.submitted_time),
        **project_info(scan.trigger),
    }


def list_item(scan: OSHScanRead) -> dict[str, Any]:
    return {**scan_info(scan), "packit_id": scan.id}


def _page(session: Session, window: Window) -> list[OSHScanRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, OSHScan.id)
    if keyset is None:
        return []
    rows, _ = queries.scan_rows(session, keyset, WorkFilters())
    return [OSHScanRead.of_row(row) for row in rows]


@router.get("/openscanhub-scans", "list", twin=v1.list_scans)
async def scans(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    found = await uow.run(_page, window)
    return partial_content([list_item(scan) for scan in found], "openscanhub-scans", window)


@router.get("/openscanhub-scans/<int:id>", "get", twin=v1.read_scan)
async def scan(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(scan_info(await v1.read_scan(uow, id)))
