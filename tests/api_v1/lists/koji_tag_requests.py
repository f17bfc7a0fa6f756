from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    GitProject,
    KojiTagRequestGroup,
    KojiTagRequestTarget,
    ProjectEvent,
    ProjectEventType,
)
from tests.api_v1.lists import FilterCase, ListCase

ids = select(KojiTagRequestTarget.id)
by_event = ids.join(KojiTagRequestGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)
# One of the seeder's sidetags (seed 7): each tag request has its own.
SIDETAG = "f41-build-side-8"

LISTS = [
    ListCase(
        path="/koji-tag-requests",
        ids=ids,
        filters=[
            FilterCase({"target": "f41"}, ids.where(KojiTagRequestTarget.target == "f41")),
            FilterCase({"sidetag": SIDETAG}, ids.where(KojiTagRequestTarget.sidetag == SIDETAG)),
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
                {"trigger": "branch_push"},
                by_event.where(ProjectEvent.type == ProjectEventType.branch_push),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                ids.where(KojiTagRequestTarget.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "target": "f41"},
                ids.where(
                    KojiTagRequestTarget.submitted_time < MIDDLE,
                    KojiTagRequestTarget.target == "f41",
                ),
            ),
        ],
    ),
]
