from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    GitProject,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(BodhiUpdateTarget.id)
by_event = ids.join(BodhiUpdateGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/bodhi-updates",
        ids=ids,
        filters=[
            FilterCase(
                {"status": "error"}, ids.where(BodhiUpdateTarget.status == BodhiUpdateStatus.error)
            ),
            FilterCase({"branch": "f40"}, ids.where(BodhiUpdateTarget.target == "f40")),
            FilterCase(
                {"forge": "gitlab.com"}, by_project.where(GitProject.instance_url == "gitlab.com")
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
                ids.where(BodhiUpdateTarget.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "success"},
                ids.where(
                    BodhiUpdateTarget.submitted_time < MIDDLE,
                    BodhiUpdateTarget.status == BodhiUpdateStatus.success,
                ),
            ),
        ],
    ),
]
