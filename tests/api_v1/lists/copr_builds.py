from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    BuildStatus,
    CoprBuildGroup,
    CoprBuildTarget,
    GitProject,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(CoprBuildTarget.id)
by_event = ids.join(CoprBuildGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/copr-builds",
        ids=ids,
        filters=[
            FilterCase(
                {"status": "failure"}, ids.where(CoprBuildTarget.status == BuildStatus.failure)
            ),
            FilterCase(
                {"chroot": "fedora-rawhide-x86_64"},
                ids.where(CoprBuildTarget.target == "fedora-rawhide-x86_64"),
            ),
            FilterCase(
                {"forge": "gitlab.com"}, by_project.where(GitProject.instance_url == "gitlab.com")
            ),
            FilterCase(
                {"namespace": "packit", "repo_name": "ogr"},
                by_project.where(GitProject.namespace == "packit", GitProject.repo_name == "ogr"),
            ),
            FilterCase(
                {"trigger": "branch_push"},
                by_event.where(ProjectEvent.type == ProjectEventType.branch_push),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                ids.where(CoprBuildTarget.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "success"},
                ids.where(
                    CoprBuildTarget.submitted_time < MIDDLE,
                    CoprBuildTarget.status == BuildStatus.success,
                ),
            ),
        ],
    ),
]
