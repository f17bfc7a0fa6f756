"""Factories for the bodhi-updates, log-detective and openscanhub-scans tests.

Each adds its rows and flushes, like ``tests/shared_db/factories.py``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateGroup,
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    BuildStatus,
    BuildSystem,
    CoprBuildTarget,
    KojiBuildTarget,
    LogDetectiveResult,
    LogDetectiveRun,
    LogDetectiveRunGroup,
    OSHScan,
    OSHScanStatus,
    ProjectEvent,
)
from tests.shared_db.factories import make_anitya_event as make_anitya_event
from tests.shared_db.factories import make_branch_event as make_branch_event
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories import make_pipeline as make_pipeline

SUBMITTED = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
# A complete analysis' answer, in the shape the dashboard reads.
LD_RESPONSE = {
    "explanation": {"text": "A test needs network."},
    "no_issue_found": False,
    "solution": None,
    "snippets": [
        {
            "text": "ConnectionError",
            "line_number": 12,
            "source_file": "builder-live.log",
            "snippet_analysis": "The test opened a socket.",
        }
    ],
}


def make_bodhi_update(
    session: Session,
    event: ProjectEvent,
    *,
    status: BodhiUpdateStatus = BodhiUpdateStatus.success,
    branch: str = "f41",
    group: BodhiUpdateGroup | None = None,
) -> BodhiUpdateTarget:
    """An update target, in ``group`` or in a new group of ``event``."""
    if group is None:
        group = BodhiUpdateGroup(project_event_id=event.id, submitted_time=SUBMITTED)
        session.add(group)
        session.flush()
    done = status is BodhiUpdateStatus.success
    update = BodhiUpdateTarget(
        group_id=group.id,
        status=status,
        target=branch,
        web_url="https://bodhi.fedoraproject.org/updates/FEDORA-2026-1" if done else None,
        koji_nvrs=f"python-ogr-0.50-1.{branch}",
        alias="FEDORA-2026-1" if done else None,
        submitted_time=SUBMITTED,
        update_creation_time=datetime(2026, 3, 2, 9, tzinfo=UTC) if done else None,
        error_message=None if done else "Bodhi refused the update",
    )
    session.add(update)
    session.flush()
    return update


def make_log_detective_run(
    session: Session,
    event: ProjectEvent,
    *,
    build: CoprBuildTarget | KojiBuildTarget | None = None,
    status: LogDetectiveResult = LogDetectiveResult.complete,
    group: LogDetectiveRunGroup | None = None,
) -> LogDetectiveRun:
    """An analysis of ``build`` (a Copr or Koji build, when given), in ``group`` or in a new
    group of ``event``."""
    if group is None:
        group = LogDetectiveRunGroup(project_event_id=event.id, submitted_time=SUBMITTED)
        session.add(group)
        session.flush()
    complete = status is LogDetectiveResult.complete
    run = LogDetectiveRun(
        group_id=group.id,
        analysis_id=str(uuid.uuid4()),
        status=status,
        target=build.target if build else "fedora-rawhide-x86_64",
        target_build=build.build_id if isinstance(build, CoprBuildTarget) else None,
        build_system=BuildSystem.koji if isinstance(build, KojiBuildTarget) else BuildSystem.copr,
        log_detective_response=LD_RESPONSE if complete else None,
        error_msg=None if complete else "Log Detective timed out",
        submitted_time=SUBMITTED,
        copr_build_target_id=build.id if isinstance(build, CoprBuildTarget) else None,
        koji_build_target_id=build.id if isinstance(build, KojiBuildTarget) else None,
    )
    session.add(run)
    session.flush()
    return run


def make_scan(
    session: Session,
    build: CoprBuildTarget,
    *,
    status: OSHScanStatus = OSHScanStatus.succeeded,
    task_id: int | None = None,
) -> OSHScan:
    task = 50_000 + build.id if task_id is None else task_id
    base = f"https://openscanhub.fedoraproject.org/task/{task}"
    scan = OSHScan(
        task_id=task,
        status=status,
        url=base,
        issues_added_count=3,
        issues_added_url=f"{base}/log/added.html",
        issues_fixed_url=f"{base}/log/fixed.html",
        scan_results_url=f"{base}/log/scan-results.js",
        submitted_time=SUBMITTED,
        copr_build_target_id=build.id,
    )
    session.add(scan)
    session.flush()
    return scan


def analyses(session: Session, count: int) -> tuple[ProjectEvent, list[LogDetectiveRun]]:
    """A PR event and ``count`` analyses of its failed Copr builds, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=7)
    made = []
    for _ in range(count):
        build = make_copr_build(session, event, status=BuildStatus.failure)
        made.append(make_log_detective_run(session, event, build=build))
    return event, made
