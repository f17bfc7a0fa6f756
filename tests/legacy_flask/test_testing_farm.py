"""testing-farm: the results list, one run, one group, and result notifications."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from shared_db.models import (
    Pipeline,
    TFTTestRunTarget,
    tft_copr_builds,
    tft_koji_builds,
)
from shared_db.models import TestingFarmResult as Result  # not a test class
from shared_db.queries.testing_farm import result_of
from tests.conftest import TESTING_FARM_SECRET
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import assert_pages_newest_first, assert_statements_do_not_grow
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_koji import make_koji_build, make_koji_group
from tests.shared_db.factories_testing_farm import (
    SUBMITTED,
    make_test_run,
    make_test_run_group,
    pr_test_run_group,
)

JSON = {"Content-Type": "application/json"}


def make_runs(session: Session, count: int) -> list[TFTTestRunTarget]:
    """``count`` test runs of one PR, oldest first."""
    group = pr_test_run_group(session)
    return [make_test_run(session, group, pipeline_id=f"pipeline-{n}") for n in range(count)]


def notify(client: LegacyClient, payload: Any) -> tuple[int, Any]:
    response = client.post("testing-farm/results", data=json.dumps(payload), headers=JSON)
    return response.status_code, response.get_json()


# --- The list


def test_list_item(legacy_client: LegacyClient, session: Session) -> None:
    (run,) = make_runs(session, 1)
    response = legacy_client.get("testing-farm/results")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "test-results 1-10/*"
    assert response.get_json() == [
        {
            "packit_id": run.id,
            "pipeline_id": "pipeline-0",
            "ref": "a" * 40,
            "status": "running",
            "target": "fedora-rawhide-x86_64",
            "web_url": "https://artifacts.example.org/pipeline-0",
            "pr_id": 7,
            "submitted_time": int(SUBMITTED.timestamp()),
            "repo_namespace": "packit",
            "repo_name": "ogr",
            "project_url": "https://github.com/packit/ogr",
        }
    ]


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    newest_first = [r.id for r in reversed(make_runs(session, 5))]
    assert_pages_newest_first(legacy_client, "testing-farm/results", "test-results", newest_first)


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    make_runs(session, 60)
    assert_statements_do_not_grow(legacy_client, engine, "testing-farm/results")


# --- One run, one group


def test_detail_lists_tested_builds_and_runs(legacy_client: LegacyClient, session: Session) -> None:
    event = make_pr_event(session, make_project(session), pr_id=7)
    run = make_test_run(session, make_test_run_group(session, event), pipeline_id="pipeline-0")
    copr = [make_copr_build(session, event) for _ in range(2)]
    koji = make_koji_build(session, make_koji_group(session, event))
    for build in reversed(copr):
        link = {"tft_test_run_target_id": run.id, "copr_build_target_id": build.id}
        session.execute(insert(tft_copr_builds).values(link))
    link = {"tft_test_run_target_id": run.id, "koji_build_target_id": koji.id}
    session.execute(insert(tft_koji_builds).values(link))
    pipeline = Pipeline(project_event_id=event.id, test_run_group_id=run.group_id)
    session.add(pipeline)
    session.flush()
    body = legacy_client.get(f"testing-farm/{run.id}").get_json()
    assert body["copr_build_ids"] == sorted(b.id for b in copr)
    assert body["koji_build_ids"] == [koji.id]
    assert body["run_ids"] == [pipeline.id]
    assert (body["pipeline_id"], body["status"], body["chroot"]) == (
        "pipeline-0",
        "running",
        "fedora-rawhide-x86_64",
    )
    assert body["commit_sha"] == "a" * 40
    assert body["submitted_time"] == int(SUBMITTED.timestamp())
    assert (body["pr_id"], body["repo_name"], body["non_git_upstream"]) == (7, "ogr", False)


def test_group_lists_its_targets(legacy_client: LegacyClient, session: Session) -> None:
    runs = make_runs(session, 2)
    body = legacy_client.get(f"testing-farm/groups/{runs[0].group_id}").get_json()
    assert body["test_target_ids"] == [r.id for r in runs]
    assert body["run_ids"] == []
    assert body["submitted_time"] == int(SUBMITTED.timestamp())
    assert body["project_url"] == "https://github.com/packit/ogr"


# --- Result notifications


@pytest.mark.parametrize("body", [b"", b"not json", b"{}", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_a_body_that_is_no_json_object_is_a_400(legacy_client: LegacyClient, body: bytes) -> None:
    response = legacy_client.post("testing-farm/results", data=body, headers=JSON)
    assert (response.status_code, response.get_json()) == (
        400,
        "We haven't received any JSON data.",
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"request_id": "p"}, "The notification doesn't contain any token"),
        ({"request_id": "p", "token": ""}, "The notification doesn't contain any token"),
        ({"request_id": "p", "token": "wrong"}, "Invalid testing farm secret provided"),
        ({"request_id": "p", "token": 12345}, "Invalid testing farm secret provided"),
        ({"request_id": "p", "token": ["x"]}, "Invalid testing farm secret provided"),
    ],
)
def test_a_bad_token_is_a_401(
    legacy_client: LegacyClient, session: Session, payload: dict[str, Any], message: str
) -> None:
    (run,) = make_runs(session, 1)
    run.pipeline_id = "p"
    session.flush()
    assert notify(legacy_client, {**payload, "state": "error"}) == (401, message)
    session.refresh(run)
    assert run.status is Result.running


@pytest.mark.settings(testing_farm_secret=None)
def test_without_a_configured_secret_every_notification_is_a_401(
    legacy_client: LegacyClient,
) -> None:
    payload = {"request_id": "p", "token": TESTING_FARM_SECRET}
    assert notify(legacy_client, payload) == (401, "Testing farm secret not specified in config")


def test_an_accepted_result_is_recorded_on_its_run(
    legacy_client: LegacyClient, session: Session
) -> None:
    runs = make_runs(session, 2)
    payload = {
        "request_id": "pipeline-1",
        "token": TESTING_FARM_SECRET,
        "state": "complete",
        "result": {"overall": "failed"},
        "run": {"artifacts": "https://artifacts.example.org/new"},
    }
    assert notify(legacy_client, payload) == (200, "Test results accepted")
    for run in runs:
        session.refresh(run)
    assert (runs[1].status, runs[1].web_url) == (
        Result.failed,
        "https://artifacts.example.org/new",
    )
    assert runs[0].status is Result.running  # another pipeline: untouched
    listed = legacy_client.get("testing-farm/results").get_json()
    assert listed[0]["status"] == "failed"


async def test_an_accepted_result_through_the_gateway_is_committed(
    client: httpx.AsyncClient, session: Session
) -> None:
    (run,) = make_runs(session, 1)
    payload = {"request_id": "pipeline-0", "token": TESTING_FARM_SECRET, "state": "queued"}
    response = await client.post("/api/testing-farm/results", json=payload)
    assert (response.status_code, response.json()) == (200, "Test results accepted")
    session.refresh(run)
    assert run.status is Result.queued


def test_an_unknown_pipeline_is_accepted_and_changes_nothing(
    legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = make_runs(session, 1)
    payload = {"request_id": "nobody-asked", "token": TESTING_FARM_SECRET, "state": "error"}
    assert notify(legacy_client, payload) == (200, "Test results accepted")
    session.refresh(run)
    assert run.status is Result.running
    assert session.query(TFTTestRunTarget).count() == 1


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"state": "running"},
        {"request_id": None},
        {"request_id": ""},
        {"request_id": ["pipeline-0"]},
        {"run": {"artifacts": "https://artifacts.example.org/" + "x" * 600}},
        {"run": "https://artifacts.example.org/elsewhere", "result": "passed"},
        # No stored text holds a NUL (PostgreSQL refuses it): it names no run, no URL.
        {"request_id": "pipeline-0\x00"},
        {"run": {"artifacts": "https://artifacts.example.org/\x00"}},
    ],
)
def test_notifications_without_news_change_nothing(
    legacy_client: LegacyClient, session: Session, extra: dict[str, Any]
) -> None:
    (run,) = make_runs(session, 1)
    payload = {"request_id": "pipeline-0", "token": TESTING_FARM_SECRET, **extra}
    assert notify(legacy_client, payload) == (200, "Test results accepted")
    session.refresh(run)
    assert (run.status, run.web_url) == (
        Result.running,
        "https://artifacts.example.org/pipeline-0",
    )


def test_a_late_in_progress_state_does_not_undo_a_finished_run(
    legacy_client: LegacyClient, session: Session
) -> None:
    (run,) = make_runs(session, 1)
    token = TESTING_FARM_SECRET
    notify(
        legacy_client,
        {
            "request_id": "pipeline-0",
            "token": token,
            "state": "complete",
            "result": {"overall": "passed"},
        },
    )
    notify(legacy_client, {"request_id": "pipeline-0", "token": token, "state": "running"})
    session.refresh(run)
    assert run.status is Result.passed


@pytest.mark.parametrize(
    ("state", "overall", "expected"),
    [
        ("queued", None, Result.queued),
        ("running", "passed", Result.running),
        ("complete", "passed", Result.passed),
        ("complete", None, Result.complete),
        ("error", None, Result.error),
        ("error", "error", Result.error),
        ("canceled", None, Result.canceled),
        ("new-state-word", None, Result.unknown),
        ("complete", "odd", Result.unknown),
        (None, "passed", Result.passed),
        (None, None, None),
    ],
)
def test_status_from_state_and_overall_result(
    state: str | None, overall: str | None, expected: Result | None
) -> None:
    assert result_of(state, overall) == expected
