from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    BuildSystem,
    GitProject,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(LogDetectiveRun.id)
by_event = ids.join(LogDetectiveRunGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/log-detective",
        ids=ids,
        filters=[
            FilterCase(
                {"status": "error"}, ids.where(LogDetectiveRun.status == LogDetectiveResult.error)
            ),
            FilterCase(
                {"chroot": "epel-10-x86_64"}, ids.where(LogDetectiveRun.target == "epel-10-x86_64")
            ),
            # The seeder analyses Copr builds only; koji is covered in test_log_detective.py.
            FilterCase(
                {"build_system": "copr", "status": "complete"},
                ids.where(
                    LogDetectiveRun.build_system == BuildSystem.copr,
                    LogDetectiveRun.status == LogDetectiveResult.complete,
                ),
            ),
            FilterCase(
                {"forge": "gitlab.com"}, by_project.where(GitProject.instance_url == "gitlab.com")
            ),
            FilterCase(
                {"namespace": "packit", "repo_name": "ogr"},
                by_project.where(GitProject.namespace == "packit", GitProject.repo_name == "ogr"),
            ),
            FilterCase(
                {"trigger": "pull_request"},
                by_event.where(ProjectEvent.type == ProjectEventType.pull_request),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                ids.where(LogDetectiveRun.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "complete"},
                ids.where(
                    LogDetectiveRun.submitted_time < MIDDLE,
                    LogDetectiveRun.status == LogDetectiveResult.complete,
                ),
            ),
        ],
    ),
]
