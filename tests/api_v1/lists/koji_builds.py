from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    GitProject,
    KojiBuildGroup,
    KojiBuildState,
    KojiBuildTarget,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(KojiBuildTarget.id)
by_event = ids.join(KojiBuildGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/koji-builds",
        ids=ids,
        filters=[
            FilterCase(
                {"status": "failure"},
                ids.where(KojiBuildTarget.status == KojiBuildState.failure),
            ),
            FilterCase({"target": "f41"}, ids.where(KojiBuildTarget.target == "f41")),
            FilterCase({"scratch": "true"}, ids.where(KojiBuildTarget.scratch.is_(True))),
            FilterCase(
                {"scratch": "false", "status": "success"},
                ids.where(
                    KojiBuildTarget.scratch.is_(False),
                    KojiBuildTarget.status == KojiBuildState.success,
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
                {"trigger": "release"},
                by_event.where(ProjectEvent.type == ProjectEventType.release),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                ids.where(KojiBuildTarget.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "target": "rawhide"},
                ids.where(
                    KojiBuildTarget.submitted_time < MIDDLE, KojiBuildTarget.target == "rawhide"
                ),
            ),
        ],
    ),
]
