from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    OSHScan,
    OSHScanStatus,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(OSHScan.id)
# A scan's project and trigger are those of the event behind its Copr build.
by_event = ids.join(CoprBuildTarget).join(CoprBuildGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/openscanhub-scans",
        ids=ids,
        filters=[
            FilterCase({"status": "failed"}, ids.where(OSHScan.status == OSHScanStatus.failed)),
            FilterCase(
                {"forge": "pagure.io"}, by_project.where(GitProject.instance_url == "pagure.io")
            ),
            FilterCase(
                {"namespace": "containers", "repo_name": "ogr"},
                by_project.where(
                    GitProject.namespace == "containers", GitProject.repo_name == "ogr"
                ),
            ),
            FilterCase(
                {"trigger": "release"},
                by_event.where(ProjectEvent.type == ProjectEventType.release),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                ids.where(OSHScan.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "succeeded"},
                ids.where(
                    OSHScan.submitted_time < MIDDLE, OSHScan.status == OSHScanStatus.succeeded
                ),
            ),
        ],
    ),
]
