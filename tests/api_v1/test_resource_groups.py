"""Every v1 ``…/groups/{id}``: what one event's job made, with its runs and its trigger.

One body for every resource; each row's factory makes a group with its items, and the
items of another group where the resource's own test did, to show they stay out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import BodhiUpdateGroup, CoprBuildGroup, LogDetectiveRunGroup
from tests.api_v1.triggers import branch_trigger, pr_trigger
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_bodhi_ld_osh import (
    analyses,
    make_bodhi_update,
    make_log_detective_run,
)
from tests.shared_db.factories_koji import (
    make_branch_event,
    make_koji_build,
    make_koji_group,
    make_pipeline,
    make_tag_request,
    make_tag_request_group,
)
from tests.shared_db.factories_testing_farm import make_test_run, pr_test_run_group


class Made(NamedTuple):
    """A group as made, and what its answer must list."""

    id: int
    run_ids: list[int]
    target_ids: list[int]
    trigger: dict[str, Any]


def group_of_copr_builds(session: Session) -> Made:
    event = make_pr_event(session, make_project(session))
    build = make_copr_build(session, event)
    group = session.get(CoprBuildGroup, build.group_id)
    assert group is not None
    group.submitted_time = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # else the time of the insert
    session.flush()
    return Made(group.id, [], [build.id], pr_trigger(event.id, pr_id=1))


def group_of_koji_builds(session: Session) -> Made:
    event = make_pr_event(session, make_project(session), pr_id=17)
    group = make_koji_group(session, event)
    targets = [make_koji_build(session, group, target=t) for t in ("f41", "rawhide")]
    run = make_pipeline(session, event, koji_build_group_id=group.id)
    make_koji_build(session, make_koji_group(session, event))
    return Made(group.id, [run.id], sorted(t.id for t in targets), pr_trigger(event.id, pr_id=17))


def group_of_koji_tag_requests(session: Session) -> Made:
    event = make_branch_event(session, make_project(session), branch="f41")
    group = make_tag_request_group(session, event)
    targets = [make_tag_request(session, group, target=t) for t in ("f40", "f41")]
    run = make_pipeline(session, event, koji_tag_request_group_id=group.id)
    make_tag_request(session, make_tag_request_group(session, event))
    target_ids = sorted(t.id for t in targets)
    return Made(group.id, [run.id], target_ids, branch_trigger(event.id, branch="f41"))


def group_of_bodhi_updates(session: Session) -> Made:
    event = make_branch_event(session, make_project(session))
    first = make_bodhi_update(session, event, branch="f41")
    group = session.get(BodhiUpdateGroup, first.group_id)
    second = make_bodhi_update(session, event, branch="f40", group=group)
    run = make_pipeline(session, event, bodhi_update_group_id=first.group_id)
    target_ids = [first.id, second.id]
    return Made(first.group_id, [run.id], target_ids, branch_trigger(event.id, branch="main"))


def group_of_log_detective_runs(session: Session) -> Made:
    event, (first, _) = analyses(session, 2)
    group = session.get(LogDetectiveRunGroup, first.group_id)
    assert group is not None
    second = make_log_detective_run(session, event, group=group)
    run = make_pipeline(session, event, log_detective_run_group_id=group.id)
    return Made(group.id, [run.id], [first.id, second.id], pr_trigger(event.id, pr_id=7))


def group_of_testing_farm_runs(session: Session) -> Made:
    group = pr_test_run_group(session)
    runs = [make_test_run(session, group, pipeline_id=f"p{n}") for n in range(2)]
    trigger = pr_trigger(group.project_event_id, pr_id=7)
    return Made(group.id, [], [r.id for r in runs], trigger)


def row(route: str, make: Callable[[Session], Made], submitted_time: str) -> Any:
    return pytest.param(route, make, submitted_time, id=route)


@pytest.mark.parametrize(
    ("route", "make", "submitted_time"),
    [
        row("copr-builds", group_of_copr_builds, "2026-03-01T12:00:00Z"),
        row("koji-builds", group_of_koji_builds, "2026-03-01T12:00:00Z"),
        row("koji-tag-requests", group_of_koji_tag_requests, "2026-03-01T12:00:00Z"),
        row("bodhi-updates", group_of_bodhi_updates, "2026-03-02T08:30:00Z"),
        row("log-detective", group_of_log_detective_runs, "2026-03-02T08:30:00Z"),
        row("testing-farm", group_of_testing_farm_runs, "2026-03-01T13:00:00Z"),
    ],
)
async def test_a_group_lists_its_targets_runs_and_trigger(
    client: httpx.AsyncClient,
    session: Session,
    route: str,
    make: Callable[[Session], Made],
    submitted_time: str,
) -> None:
    group = make(session)

    response = await client.get(f"/api/v1/{route}/groups/{group.id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": group.id,
        "submitted_time": submitted_time,
        "run_ids": group.run_ids,
        "target_ids": group.target_ids,
        "trigger": group.trigger,
    }
