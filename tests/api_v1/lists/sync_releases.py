"""The two release-sync lists (propose-downstream, pull-from-upstream): one implementation.

The seeded data has two propose-downstream syncs (a release on github.com, an issue on
gitlab.com) and one pull-from-upstream sync (an Anitya version, no git project), so the
project filters are checked on propose-downstream only.
"""

from datetime import UTC, datetime

from sqlalchemy import select

from shared_db.models import (
    GitProject,
    ProjectEvent,
    ProjectEventType,
    SyncReleaseJobType,
    SyncReleaseRun,
    SyncReleaseStatus,
)
from tests.api_v1.lists import FilterCase, ListCase

MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)
AUTUMN = datetime(2025, 10, 1, tzinfo=UTC)

proposed = select(SyncReleaseRun.id).where(
    SyncReleaseRun.job_type == SyncReleaseJobType.propose_downstream
)
pulled = select(SyncReleaseRun.id).where(
    SyncReleaseRun.job_type == SyncReleaseJobType.pull_from_upstream
)
proposed_by_event = proposed.join(ProjectEvent)
proposed_by_project = proposed_by_event.join(GitProject)

LISTS = [
    ListCase(
        path="/propose-downstream",
        ids=proposed,
        filters=[
            FilterCase(
                {"status": "finished"},
                proposed.where(SyncReleaseRun.status == SyncReleaseStatus.finished),
            ),
            FilterCase(
                {"forge": "gitlab.com"},
                proposed_by_project.where(GitProject.instance_url == "gitlab.com"),
            ),
            FilterCase(
                {"namespace": "packit", "repo_name": "ogr"},
                proposed_by_project.where(
                    GitProject.namespace == "packit", GitProject.repo_name == "ogr"
                ),
            ),
            FilterCase(
                {"trigger": "release"},
                proposed_by_event.where(ProjectEvent.type == ProjectEventType.release),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()},
                proposed.where(SyncReleaseRun.submitted_time >= MIDDLE),
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "status": "finished"},
                proposed.where(
                    SyncReleaseRun.submitted_time < MIDDLE,
                    SyncReleaseRun.status == SyncReleaseStatus.finished,
                ),
            ),
        ],
    ),
    ListCase(
        path="/pull-from-upstream",
        ids=pulled,
        filters=[
            FilterCase(
                {"status": "running"},
                pulled.where(SyncReleaseRun.status == SyncReleaseStatus.running),
            ),
            FilterCase(
                {"trigger": "anitya_version"},
                pulled.join(ProjectEvent).where(
                    ProjectEvent.type == ProjectEventType.anitya_version
                ),
            ),
            FilterCase(
                {"submitted_after": AUTUMN.isoformat(), "submitted_before": MIDDLE.isoformat()},
                pulled.where(
                    SyncReleaseRun.submitted_time >= AUTUMN,
                    SyncReleaseRun.submitted_time < MIDDLE,
                ),
            ),
        ],
    ),
]
