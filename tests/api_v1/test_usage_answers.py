"""v1 usage: what a process keeps of its answers, and when it must not.

A finished report never changes, so its encoded answer is kept under the report's uid,
which names it in every database; its id does not (another database, a rollback or a
delete gives the same id to another report)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api_v1.schemas.usage import PastReportRead
from api_v1.usage import encoded as encoded_json
from shared_db.models import UsageReport, UsageReportStatus
from tests.shared_db.factories_usage_v1 import recent_run


@pytest.fixture
def recent(session: Session) -> datetime:
    return recent_run(session)


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the past reports v1 builds an answer of, in order."""
    built: list[int] = []
    of = PastReportRead.of

    def counted(report: UsageReport) -> PastReportRead:
        built.append(report.id)
        return of(report)

    monkeypatch.setattr(PastReportRead, "of", counted)
    return built


async def by_id(client: httpx.AsyncClient, report_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/usage/past-week/{report_id}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def stored(session: Session, report_id: int) -> UsageReport:
    report = session.scalars(select(UsageReport).where(UsageReport.id == report_id)).one()
    session.expire(report)
    return report


async def test_a_finished_report_is_encoded_once(
    client: httpx.AsyncClient, session: Session, recent: datetime, encoded: list[int]
) -> None:
    made = await client.get("/api/v1/usage/past-week")
    assert made.status_code == 200, made.text
    report_id = made.json()["id"]
    assert made.headers["content-location"] == f"/api/v1/usage/past-week/{report_id}"
    first = await client.get(f"/api/v1/usage/past-week/{report_id}")
    again = await client.get(f"/api/v1/usage/past-week/{report_id}")
    asked_again = await client.get("/api/v1/usage/past-week")
    assert encoded == [report_id]
    assert first.content == again.content == asked_again.content == made.content
    # The bytes FastAPI writes for the response model (the same figures read back: on
    # PostgreSQL, JSONB gives the stored result's keys in an order of its own).
    model = PastReportRead.of(stored(session, report_id))
    assert encoded_json(model) == TypeAdapter(PastReportRead).dump_json(model, by_alias=True)
    assert json.loads(first.content) == json.loads(encoded_json(model))


async def test_an_id_that_comes_back_names_another_report(
    client: httpx.AsyncClient, session: Session, recent: datetime
) -> None:
    first = await by_id(client, (await client.get("/api/v1/usage/past-week")).json()["id"])
    old = stored(session, first["id"])
    parameters, result = old.parameters, dict(old.result or {})
    session.delete(old)
    session.flush()
    result["onboarded_projects_q1_2024"] = 42
    session.add(
        UsageReport(
            id=first["id"],
            kind="past-week",
            parameters=parameters,
            status=UsageReportStatus.done,
            result=result,
        )
    )
    session.flush()
    second = await by_id(client, first["id"])
    assert first["result"]["onboarded_project_count"] == 0
    assert second["result"]["onboarded_project_count"] == 42


async def test_reports_that_may_change_are_not_kept(
    client: httpx.AsyncClient, session: Session, recent: datetime, encoded: list[int]
) -> None:
    # Written by another process (no uid), and not finished yet: both read every time.
    made = (await client.get("/api/v1/usage/past-week")).json()
    done = stored(session, made["id"])
    foreign = UsageReport(
        kind="past-week", parameters=done.parameters, status=UsageReportStatus.done
    )
    foreign.result = done.result
    running = UsageReport(kind="past-week", status=UsageReportStatus.running)
    session.add_all([foreign, running])
    session.flush()
    session.execute(update(UsageReport).where(UsageReport.id == foreign.id).values(uid=None))
    for report in (foreign, running):
        await by_id(client, report.id)
    changed = {**(done.result or {}), "onboarded_projects_q1_2024": 7}
    session.execute(
        update(UsageReport)
        .where(UsageReport.id.in_([foreign.id, running.id]))
        .values(status=UsageReportStatus.done, result=changed, parameters=done.parameters)
    )
    for report in (foreign, running):
        assert (await by_id(client, report.id))["result"]["onboarded_project_count"] == 7
    assert encoded.count(foreign.id) == encoded.count(running.id) == 2
