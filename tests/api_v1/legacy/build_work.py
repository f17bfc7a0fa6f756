"""Work of every kind the build-side legacy views show, on every kind of trigger.

One PR, one branch push and one release of a git project, and one new version of a
release-monitoring project (whose rows have no repository and a non-git project URL).
Each event gets Koji builds, tag requests, an SRPM build, test runs, Bodhi updates, Log
Detective analyses and scans, with the optional values both set and unset, some text
outside ASCII (the legacy JSON escapes it) and runs tying them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared_db.models import (
    BodhiUpdateStatus,
    BuildStatus,
    KojiBuildState,
    LogDetectiveResult,
    OSHScanStatus,
    ProjectEvent,
    tft_copr_builds,
    tft_koji_builds,
)
from shared_db.models import TestingFarmResult as Result  # not a test class
from tests.shared_db.factories import (
    make_anitya_event,
    make_branch_event,
    make_copr_build,
    make_pipeline,
    make_pr_event,
    make_project,
    make_srpm_build,
)
from tests.shared_db.factories_bodhi_ld_osh import (
    make_bodhi_update,
    make_log_detective_run,
    make_scan,
)
from tests.shared_db.factories_koji import (
    make_koji_build,
    make_koji_group,
    make_tag_request,
    make_tag_request_group,
)
from tests.shared_db.factories_sync_runs import make_release_event
from tests.shared_db.factories_testing_farm import make_test_run, make_test_run_group

STARTED = datetime(2026, 3, 1, 12, 5, tzinfo=UTC)
FINISHED = datetime(2026, 3, 1, 12, 45, 30, tzinfo=UTC)


@dataclass
class Made:
    """Ids of what was made, by legacy group: items (targets) and their groups."""

    items: dict[str, list[int]] = field(default_factory=dict)
    groups: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, item_id: int) -> None:
        self.items.setdefault(name, []).append(item_id)

    def add_group(self, name: str, group_id: int) -> None:
        self.groups.setdefault(name, []).append(group_id)


def events(session: Session) -> list[ProjectEvent]:
    project = make_project(session)
    return [
        make_pr_event(session, project, pr_id=17),
        make_branch_event(session, project, branch="stable"),
        make_release_event(session, project, tag="1.0.0"),
        make_anitya_event(session, project_id=4242, version="1.2.3"),
    ]


def _koji(session: Session, event: ProjectEvent, n: int, made: Made) -> None:
    group = make_koji_group(session, event)
    made.add_group("koji-builds", group.id)
    scratch = make_koji_build(session, group, target="rawhide", task_id=f"12000{n}1")
    production = make_koji_build(
        session, group, scratch=False, status=KojiBuildState.failure, target="f41"
    )
    production.build_start_time, production.build_finished_time = STARTED, FINISHED
    production.build_submission_stdout = "Created task: 120000001\n"
    production.error_message = "Échec de la construction ✗"
    production.build_logs_urls = None
    made.add("koji-builds", scratch.id)
    made.add("koji-builds", production.id)
    srpm = make_srpm_build(session, event, detailed=n % 2 == 0, status=BuildStatus.failure)
    made.add("srpm-builds", srpm.id)
    for _ in range(2):
        make_pipeline(session, event, srpm_build_id=srpm.id, koji_build_group_id=group.id)
    made.add("log-detective", make_log_detective_run(session, event, build=production).id)
    made.add_group("koji-builds", make_koji_group(session, event).id)  # no builds yet


def _tag_requests(session: Session, event: ProjectEvent, made: Made) -> None:
    group = make_tag_request_group(session, event)
    made.add_group("koji-tag-requests", group.id)
    for target in ("f41", "f42"):
        made.add("koji-tag-requests", make_tag_request(session, group, target=target).id)
    make_pipeline(session, event, koji_tag_request_group_id=group.id)
    made.add_group("koji-tag-requests", make_tag_request_group(session, event).id)


def _tests_and_scans(session: Session, event: ProjectEvent, n: int, made: Made) -> None:
    group = make_test_run_group(session, event)
    made.add_group("testing-farm", group.id)
    runs = [
        make_test_run(session, group, pipeline_id=f"pipeline-{n}"),
        make_test_run(session, group, status=Result.failed, chroot="fedora-41-x86_64"),
    ]
    made.items.setdefault("testing-farm", []).extend(run.id for run in runs)
    copr = make_copr_build(session, event, status=BuildStatus.failure)
    koji = make_koji_build(session, make_koji_group(session, event), task_id=f"13000{n}")
    made.add("koji-builds", koji.id)
    session.execute(
        insert(tft_copr_builds).values(
            tft_test_run_target_id=runs[0].id, copr_build_target_id=copr.id
        )
    )
    session.execute(
        insert(tft_koji_builds).values(
            tft_test_run_target_id=runs[0].id, koji_build_target_id=koji.id
        )
    )
    make_pipeline(session, event, test_run_group_id=group.id)
    scan_status = OSHScanStatus.succeeded if n % 2 else OSHScanStatus.running
    made.add("openscanhub-scans", make_scan(session, copr, status=scan_status).id)
    analysis = make_log_detective_run(session, event, build=copr, status=LogDetectiveResult.error)
    made.add("log-detective", analysis.id)
    made.add_group("log-detective", analysis.group_id)
    explained = make_log_detective_run(session, event, build=copr)
    explained.log_detective_response = {
        "snippets": [{"text": "FAILED — réseau", "line_number": 12}],
        "explanation": {"text": "Un test a besoin du réseau."},
        "certainty": 87.5,
    }
    made.add("log-detective", explained.id)
    make_pipeline(session, event, log_detective_run_group_id=explained.group_id)


def _bodhi(session: Session, event: ProjectEvent, made: Made) -> None:
    done = make_bodhi_update(session, event, branch="f41")
    made.add_group("bodhi-updates", done.group_id)
    made.add("bodhi-updates", done.id)
    failed = make_bodhi_update(session, event, status=BodhiUpdateStatus.error, branch="f42")
    made.add("bodhi-updates", failed.id)
    make_pipeline(session, event, bodhi_update_group_id=done.group_id)


def make_work(session: Session) -> Made:
    made = Made()
    for n, event in enumerate(events(session)):
        _koji(session, event, n, made)
        _tag_requests(session, event, made)
        _tests_and_scans(session, event, n, made)
        _bodhi(session, event, made)
    session.flush()
    return made
