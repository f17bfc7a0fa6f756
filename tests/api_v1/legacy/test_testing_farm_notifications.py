"""Testing Farm's result notifications on the legacy path: the view answers as Flask does
and stores what Flask stores, for every body the legacy tests know (accepted, refused,
malformed, stale), with and without a configured secret."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import TestingFarmResult as Result  # not a test class
from shared_db.models import TFTTestRunTarget
from tests.api_v1.legacy.both_stacks import BothStacks
from tests.conftest import TESTING_FARM_SECRET
from tests.shared_db.factories_testing_farm import make_test_run, pr_test_run_group

JSON = {"Content-Type": "application/json"}
TOKEN = {"token": TESTING_FARM_SECRET}


@pytest.fixture(autouse=True)
def runs(session: Session) -> list[TFTTestRunTarget]:
    """Two running test runs, ``pipeline-0`` and ``pipeline-1``, and one finished."""
    group = pr_test_run_group(session)
    made = [make_test_run(session, group, pipeline_id=f"pipeline-{n}") for n in range(2)]
    made.append(make_test_run(session, group, pipeline_id="done", status=Result.passed))
    session.flush()
    return made


def stored(connection: Connection) -> list[Row[Any]]:
    statement = select(TFTTestRunTarget.id, TFTTestRunTarget.status, TFTTestRunTarget.web_url)
    return list(connection.execute(statement.order_by(TFTTestRunTarget.id)))


async def notify(
    both: BothStacks, body: bytes, status: int, headers: dict[str, str] | None = None
) -> tuple[Any, list[Row[Any]]]:
    answers = await both.same(
        "/testing-farm/results",
        status,
        method="POST",
        headers=JSON if headers is None else headers,
        body=body,
        probe=stored,
    )
    return json.loads(answers.view.body), answers.view_stored


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> BothStacks:
    return BothStacks(connection, database, settings)


@pytest.mark.parametrize(
    "payload",
    [
        {"request_id": "pipeline-1", "state": "complete", "result": {"overall": "failed"}},
        {
            "request_id": "pipeline-0",
            "state": "queued",
            "run": {"artifacts": "https://a.example/n"},
        },
        {"request_id": "pipeline-0", "state": "new-state-word"},
        {"request_id": "pipeline-0", "result": {"overall": "passed"}},
        {"request_id": "done", "state": "running"},
        {"request_id": "nobody-asked", "state": "error"},
        {"request_id": "pipeline-0"},
        {"request_id": None},
        {"request_id": ["pipeline-0"]},
        {"request_id": "pipeline-0", "run": {"artifacts": "https://a.example/" + "x" * 600}},
        {"request_id": "pipeline-0", "run": "https://a.example/elsewhere", "result": "passed"},
    ],
)
async def test_an_authenticated_notification_is_stored_alike(
    payload: dict[str, Any], both: BothStacks, runs: list[TFTTestRunTarget]
) -> None:
    answer, after = await notify(both, json.dumps({**payload, **TOKEN}).encode(), 200)
    assert answer == "Test results accepted"
    assert len(after) == len(runs)


async def test_a_recorded_result_is_what_flask_records(
    both: BothStacks, runs: list[TFTTestRunTarget]
) -> None:
    payload = {"request_id": "pipeline-1", "state": "complete", "result": {"overall": "failed"}}
    _, after = await notify(both, json.dumps({**payload, **TOKEN}).encode(), 200)
    assert [row.status for row in after] == [Result.running, Result.failed, Result.passed]


@pytest.mark.parametrize(
    "token",
    [{}, {"token": ""}, {"token": "wrong"}, {"token": 12345}, {"token": ["x"]}, {"token": None}],
)
async def test_a_bad_token_is_a_401_that_stores_nothing(
    token: dict[str, Any], both: BothStacks, runs: list[TFTTestRunTarget]
) -> None:
    body = json.dumps({"request_id": "pipeline-0", "state": "error", **token}).encode()
    _, after = await notify(both, body, 401)
    assert all(row.status is Result.running for row in after[:2])


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"{}", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b'{"a": NaN']
)
async def test_a_body_that_is_no_json_object_is_a_400(body: bytes, both: BothStacks) -> None:
    answer, _ = await notify(both, body, 400)
    assert answer == "We haven't received any JSON data."


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "text/plain"}])
async def test_the_content_type_is_not_looked_at(headers: dict[str, str], both: BothStacks) -> None:
    body = json.dumps({"request_id": "pipeline-0", "state": "queued", **TOKEN}).encode()
    _, after = await notify(both, body, 200, headers=headers)
    assert after[0].status is Result.queued


async def test_without_a_configured_secret_every_notification_is_a_401(
    connection: Connection, database: Database, settings: Settings
) -> None:
    unset = BothStacks(
        connection, database, settings.model_copy(update={"testing_farm_secret": None})
    )
    body = json.dumps({"request_id": "pipeline-0", "state": "error", **TOKEN}).encode()
    answer, after = await notify(unset, body, 401)
    assert answer == "Testing farm secret not specified in config"
    assert after[0].status is Result.running
