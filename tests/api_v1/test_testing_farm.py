"""v1 testing-farm: runs (list, one, group), and result notifications verified and recorded
by the same shared code as the legacy route."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared_db.models import (
    Pipeline,
    tft_copr_builds,
    tft_koji_builds,
)
from shared_db.models import TestingFarmResult as Result  # not a test class
from tests.api_v1.triggers import pr_trigger
from tests.conftest import TESTING_FARM_SECRET
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project
from tests.shared_db.factories_koji import make_koji_build, make_koji_group
from tests.shared_db.factories_testing_farm import (
    make_test_run,
    make_test_run_group,
    pr_test_run_group,
)

RESULTS = "/api/v1/testing-farm/results"


# --- Reading


async def test_list_item(client: httpx.AsyncClient, session: Session) -> None:
    group = pr_test_run_group(session)
    run = make_test_run(session, group, pipeline_id="pipeline-0")
    response = await client.get(RESULTS)
    assert response.status_code == 200
    (item,) = response.json()["items"]
    trigger = item.pop("trigger")
    assert item == {
        "id": run.id,
        "group_id": run.group_id,
        "pipeline_id": "pipeline-0",
        "chroot": "fedora-rawhide-x86_64",
        "status": "running",
        "web_url": "https://artifacts.example.org/pipeline-0",
        "submitted_time": "2026-03-01T13:00:00Z",
    }
    assert trigger == pr_trigger(group.project_event_id, pr_id=7)


async def test_status_and_chroot_filters(client: httpx.AsyncClient, session: Session) -> None:
    group = pr_test_run_group(session)
    failed = make_test_run(session, group, pipeline_id="p1", status=Result.failed)
    make_test_run(
        session, group, pipeline_id="p2", status=Result.failed, chroot="centos-stream-9-x86_64"
    )
    make_test_run(session, group, pipeline_id="p3", status=Result.passed)
    params = {"status": "failed", "chroot": "fedora-rawhide-x86_64"}
    body = (await client.get(RESULTS, params=params)).json()
    assert [item["id"] for item in body["items"]] == [failed.id]


async def test_detail_lists_tested_builds_and_runs(
    client: httpx.AsyncClient, session: Session
) -> None:
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
    response = await client.get(f"/api/v1/testing-farm/{run.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["copr_build_ids"] == sorted(b.id for b in copr)
    assert body["koji_build_ids"] == [koji.id]
    assert body["run_ids"] == [pipeline.id]
    assert (body["pipeline_id"], body["status"], body["chroot"]) == (
        "pipeline-0",
        "running",
        "fedora-rawhide-x86_64",
    )
    assert body["trigger"]["commit_sha"] == "a" * 40


# --- Result notifications


async def test_an_accepted_result_is_recorded_and_committed(
    client: httpx.AsyncClient, session: Session
) -> None:
    group = pr_test_run_group(session)
    runs = [make_test_run(session, group, pipeline_id=f"pipeline-{n}") for n in range(2)]
    payload = {
        "request_id": "pipeline-1",
        "token": TESTING_FARM_SECRET,
        "state": "complete",
        "result": {"overall": "failed"},
        "run": {"artifacts": "https://artifacts.example.org/new"},
        "something_else": {"ignored": True},
    }
    response = await client.post(RESULTS, json=payload)
    assert (response.status_code, response.json()) == (200, {"message": "Test results accepted"})
    for run in runs:
        session.refresh(run)
    assert (runs[1].status, runs[1].web_url) == (Result.failed, "https://artifacts.example.org/new")
    assert runs[0].status is Result.running  # another pipeline: untouched


async def test_an_unknown_request_is_accepted_and_changes_nothing(
    client: httpx.AsyncClient, session: Session
) -> None:
    run = make_test_run(session, pr_test_run_group(session), pipeline_id="pipeline-0")
    payload = {"request_id": "nobody-asked", "token": TESTING_FARM_SECRET, "state": "error"}
    response = await client.post(RESULTS, json=payload)
    assert (response.status_code, response.json()) == (200, {"message": "Test results accepted"})
    session.refresh(run)
    assert run.status is Result.running


@pytest.mark.parametrize(
    ("token", "detail"),
    [
        ("", "The notification doesn't contain any token"),
        ("wrong", "Invalid testing farm secret provided"),
        (TESTING_FARM_SECRET.upper(), "Invalid testing farm secret provided"),
    ],
)
async def test_a_bad_token_is_a_401(
    client: httpx.AsyncClient, session: Session, token: str, detail: str
) -> None:
    run = make_test_run(session, pr_test_run_group(session), pipeline_id="p")
    response = await client.post(
        RESULTS, json={"request_id": "p", "token": token, "state": "error"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "unauthorized",
        "detail": detail,
        "errors": [],
    }
    session.refresh(run)
    assert run.status is Result.running


@pytest.mark.settings(testing_farm_secret=None)
async def test_without_a_configured_secret_every_notification_is_a_401(
    client: httpx.AsyncClient,
) -> None:
    payload = {"request_id": "p", "token": TESTING_FARM_SECRET}
    response = await client.post(RESULTS, json=payload)
    assert response.status_code == 401
    assert response.json()["detail"] == "Testing farm secret not specified in config"


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"token": TESTING_FARM_SECRET}, ["body.request_id"]),
        ({"request_id": "p"}, ["body.token"]),
        ({"request_id": "p", "token": 12345}, ["body.token"]),
        ({"request_id": "", "token": TESTING_FARM_SECRET}, ["body.request_id"]),
        ({"request_id": "p", "token": TESTING_FARM_SECRET, "run": "x"}, ["body.run"]),
        ({"request_id": "p", "token": TESTING_FARM_SECRET, "result": "passed"}, ["body.result"]),
        ([1, 2], ["body"]),
        ({"request_id": "p\x00", "token": TESTING_FARM_SECRET}, ["body.request_id"]),
        ({"request_id": "p", "token": TESTING_FARM_SECRET, "state": "\x00"}, ["body.state"]),
        (
            {"request_id": "p", "token": TESTING_FARM_SECRET, "run": {"artifacts": "a\x00"}},
            ["body.run.artifacts"],
        ),
        (
            {"request_id": "p", "token": TESTING_FARM_SECRET, "result": {"overall": "\x00"}},
            ["body.result.overall"],
        ),
    ],
)
async def test_a_malformed_body_is_a_422_naming_the_field(
    client: httpx.AsyncClient, payload: Any, fields: list[str]
) -> None:
    response = await client.post(RESULTS, json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == fields
    assert TESTING_FARM_SECRET not in response.text


@pytest.mark.parametrize("content", [b"", b"not json", b"\xff\xfe"])
async def test_a_body_that_is_no_json_is_a_422(client: httpx.AsyncClient, content: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    response = await client.post(RESULTS, content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_a_body_that_is_no_text_is_refused(client: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "application/json"}
    response = await client.post(RESULTS, content=b'{"token": "\xc3\x28"}', headers=headers)
    assert response.status_code in {400, 422}  # FastAPI: 400 (documented), unless mapped
    assert set(response.json()) == {"status", "code", "detail", "errors"}


NEW_URL = "https://artifacts.example.org/new"
STACKS = {"legacy": "/api/testing-farm/results", "v1": RESULTS}


@pytest.mark.parametrize(
    ("start", "news"),
    [
        (Result.running, {"state": "complete", "result": {"overall": "passed"}}),
        (Result.running, {"state": "complete"}),
        (Result.running, {"state": "error", "run": {"artifacts": NEW_URL}}),
        (Result.running, {"state": "new-state-word"}),
        (Result.running, {"run": {"artifacts": NEW_URL + "x" * 600}}),
        (Result.running, {}),
        (Result.passed, {"state": "running"}),  # late: a finished run stays finished
        (Result.failed, {"state": "complete", "result": {"overall": "passed"}}),
    ],
)
async def test_both_stacks_record_a_notification_the_same_way(
    client: httpx.AsyncClient, session: Session, start: Result, news: dict[str, Any]
) -> None:
    group = pr_test_run_group(session)
    seen = []
    for stack, path in STACKS.items():
        run = make_test_run(session, group, pipeline_id=f"via-{stack}", status=start)
        payload = {"request_id": run.pipeline_id, "token": TESTING_FARM_SECRET, **news}
        response = await client.post(path, json=payload)
        assert response.status_code == 200, response.text
        session.refresh(run)
        untouched = f"https://artifacts.example.org/via-{stack}"
        url = {NEW_URL: "new", untouched: "untouched"}[run.web_url or ""]
        seen.append((run.status, url))
    legacy, v1 = seen
    assert v1 == legacy
