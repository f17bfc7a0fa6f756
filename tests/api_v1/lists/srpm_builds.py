from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import BuildStatus, GitProject, ProjectEvent, ProjectEventType, SRPMBuild
from tests.api_v1.lists import FilterCase, ListCase

ids = select(SRPMBuild.id)
by_event = ids.join(ProjectEvent, ProjectEvent.id == SRPMBuild.project_event_id)
by_project = by_event.join(GitProject, GitProject.id == ProjectEvent.project_id)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/srpm-builds",
        ids=ids,
        filters=[
            FilterCase({"status": "failure"}, ids.where(SRPMBuild.status == BuildStatus.failure)),
            FilterCase({"status": "success"}, ids.where(SRPMBuild.status == BuildStatus.success)),
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
                ids.where(SRPMBuild.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "trigger": "release"},
                by_event.where(
                    SRPMBuild.submitted_time < MIDDLE,
                    ProjectEvent.type == ProjectEventType.release,
                ),
            ),
        ],
    ),
]
