from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    GitProject,
    ProjectEvent,
    ProjectEventType,
    TFTTestRunGroup,
    TFTTestRunTarget,
)
from shared_db.models import TestingFarmResult as Result  # not a test class
from tests.api_v1.lists import FilterCase, ListCase

ids = select(TFTTestRunTarget.id)
by_event = ids.join(TFTTestRunGroup).join(ProjectEvent)
by_project = by_event.join(GitProject)
MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

LISTS = [
    ListCase(
        path="/testing-farm/results",
        ids=ids,
        filters=[
            FilterCase({"status": "failed"}, ids.where(TFTTestRunTarget.status == Result.failed)),
            FilterCase(
                {"status": "cancel-requested"},
                ids.where(TFTTestRunTarget.status == Result.cancel_requested),
            ),
            FilterCase(
                {"chroot": "fedora-rawhide-x86_64"},
                ids.where(TFTTestRunTarget.target == "fedora-rawhide-x86_64"),
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
                ids.where(TFTTestRunTarget.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "passed"},
                ids.where(
                    TFTTestRunTarget.submitted_time < MIDDLE,
                    TFTTestRunTarget.status == Result.passed,
                ),
            ),
        ],
    ),
]
