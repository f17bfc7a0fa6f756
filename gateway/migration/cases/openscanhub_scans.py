from sqlalchemy import func, select

from gateway.migration.cases import (
    INT,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
    TypeSpec,
)
from shared_db.models import OSHScan

SCAN_KEYS: dict[str, TypeSpec] = {
    "task_id": OPT_INT,
    "status": STR,
    "url": OPT_STR,
    "issues_added_count": OPT_INT,
    "issues_added_url": OPT_STR,
    "issues_fixed_url": OPT_STR,
    "scan_results_url": OPT_STR,
    "copr_build_target_id": INT,
    "submitted_time": INT,
    **PROJECT_INFO,
}

CASES = [
    RouteCase(
        name="openscanhub-scans list",
        rule="/openscanhub-scans",
        path="/openscanhub-scans?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "openscanhub-scans 3-4/*"},
        keys={**SCAN_KEYS, "packit_id": INT},
    ),
    RouteCase(
        name="openscanhub-scans list bad page",
        rule="/openscanhub-scans",
        path="/openscanhub-scans?page=first",
        status=400,
    ),
    RouteCase(
        name="openscanhub-scans detail",
        rule="/openscanhub-scans/<int:id>",
        path="/openscanhub-scans/{id}",
        lookup=select(func.max(OSHScan.id).label("id")),
        keys=SCAN_KEYS,
    ),
    RouteCase(
        name="openscanhub-scans detail unknown",
        rule="/openscanhub-scans/<int:id>",
        path="/openscanhub-scans/999999999",
        status=404,
        json={"error": "No info about scan stored in DB"},
    ),
]
