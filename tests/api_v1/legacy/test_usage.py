"""usage (legacy view): Flask and the view answer the same bytes on small data, beyond what
the contract cases reach on the seeded database: finished reports with real results,
periods and numbers v1 would refuse, unknown and nested projects, unfinished and failed
reports, and the router's edges."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api_v1.legacy import usage as view
from api_v1.legacy.routing import LegacyOperation
from api_v1.legacy.usage import REPORT_FAILED
from gateway.migration.compare import Answer, compare
from gateway.migration.verify import Stacks
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import GitProject, SyncReleaseTargetStatus, UsageReport, UsageReportStatus
from tests.shared_db.factories import make_pr_event, make_project
from tests.shared_db.factories_usage import downstream, downstream_pr, run
from tests.shared_db.factories_usage_v1 import T0, recent_run, usage_activity

PAST_KINDS = ("past-day", "past-week", "past-month", "past-year", "total")


@pytest.fixture
def stacks(database: Database, settings: Settings, legacy_app: Flask) -> Stacks:
    return Stacks(database, settings, legacy_app)


@pytest.fixture
def activity(session: Session) -> dict[str, GitProject]:
    """ogr and specfile busy at T0, an idle project, a nested one, and a pipeline of ogr
    in the last hour (so the past-… reports have something to count)."""
    projects = usage_activity(session)
    nested = make_project(session, forge="gitlab.com", namespace="group/sub", repo="repo")
    run(session, make_pr_event(session, nested, pr_id=3), T0)
    recent_run(session)
    return projects


async def same(stacks: Stacks, path: str, method: str = "GET") -> Answer:
    """Flask's answer to ``path``, after checking the view answers the same."""
    legacy = stacks.on_flask(method, path, {}, None)
    view = await stacks.on_views(method, path, {}, None)
    assert [d.describe() for d in compare(legacy, view)] == [], path
    return legacy


PERIODS = [
    "",
    "from=2026-03-01T12:01:00&to=2026-03-01T12:02:00",
    "from=2026-03-01T13:02:00%2B01:00",
    "to=2026-03-01",
    "from=20260301T120100",  # basic ISO 8601: legacy reads it, v1 would refuse it
    "from=2026-03-02&to=2026-03-01",  # from after to: nothing counted, no error
    "from=x&from=2026-03-01",  # the first value counts
    "from=2026-02-30",
    "to=",
    "from=x&to=y",
]


@pytest.mark.parametrize("query", PERIODS)
async def test_periods(stacks: Stacks, activity: dict[str, GitProject], query: str) -> None:
    await same(stacks, f"/usage?{query}")
    for project in ("github.com/packit/ogr", "github.com/packit/specfile", "x.org/a/b"):
        await same(stacks, f"/usage/project/{project}?{query}")


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process in a time zone hours away from UTC."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_a_time_without_zone_is_utc_wherever_the_server_runs(
    stacks: Stacks, activity: dict[str, GitProject], far_from_utc: None
) -> None:
    answer = await same(stacks, "/usage?from=2026-03-01T12:01:00&to=2026-03-01T12:02:00")
    assert b'"events_handled":2' in answer.body


@pytest.mark.parametrize(
    "query",
    ["top=1", "top=0", "top=%2B2", "top=1&top=x", "top=-1", "top=two&from=x", "from=x&to=y&top=z"],
)
async def test_rankings(stacks: Stacks, activity: dict[str, GitProject], query: str) -> None:
    await same(stacks, f"/usage?{query}")


@pytest.mark.parametrize(
    "path",
    [
        "/usage/project/gitlab.com/group/sub/repo",
        "/usage/project/gitlab.com/group%2Fsub/repo",
        "/usage/project/gitlab.com/group/sub/repo?top=x",  # top is no argument here
        "/usage/project/github.com/nobody/nothing",
    ],
)
async def test_projects(stacks: Stacks, activity: dict[str, GitProject], path: str) -> None:
    await same(stacks, path)


async def test_onboarded_projects(stacks: Stacks, session: Session) -> None:
    assert (await same(stacks, "/usage/onboarded-projects")).body.startswith(b'{"almost')
    for name in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"):  # ids past 9
        downstream(session, f"bodhi-{name}", bodhi=True)
    downstream(session, "koji", koji=False)
    downstream(session, "scratch", koji=True)
    downstream_pr(session, downstream(session, "almost"), SyncReleaseTargetStatus.submitted)
    downstream_pr(session, downstream(session, "failed"), SyncReleaseTargetStatus.error)
    answer = await same(stacks, "/usage/onboarded-projects")
    assert answer.body.count(b"https://") == 13


def located(answer: Answer, kind: str, session: Session) -> int:
    """The id a 302 names, after checking it is a finished report of ``kind``."""
    assert (answer.status, answer.body) == (302, b"")
    prefix, report_id = answer.headers["location"].split("/")
    report = session.get(UsageReport, int(report_id))
    assert prefix == kind
    assert report is not None
    assert (report.kind, report.status) == (kind, UsageReportStatus.done)
    return report.id


@pytest.mark.parametrize("kind", PAST_KINDS)
async def test_past_reports(
    stacks: Stacks, session: Session, activity: dict[str, GitProject], kind: str
) -> None:
    """The view stores the report, Flask serves the same one again (within the hour):
    one Location on both, then the stored result read by both."""
    answer = await same(stacks, f"/usage/{kind}")
    if kind == "past-day":  # the result itself
        assert b'"onboarded_projects_q1_2024":0' in answer.body
        report_id = session.scalars(select(UsageReport.id).where(UsageReport.kind == kind)).one()
    else:
        report_id = located(answer, kind, session)
    result = await same(stacks, f"/usage/{kind}/{report_id}")
    assert b'"https://github.com/packit/ogr":' in result.body
    other = "total" if kind != "total" else "past-day"
    assert (await same(stacks, f"/usage/{other}/{report_id}")).status == 404


async def test_a_report_id_that_comes_back_names_another_report(
    stacks: Stacks, session: Session, activity: dict[str, GitProject]
) -> None:
    """Both stacks keep the encoded result of a finished report by its uid, not its id."""
    report_id = located(await same(stacks, "/usage/past-week"), "past-week", session)
    path = f"/usage/past-week/{report_id}"
    assert b'"onboarded_projects_q1_2024":0' in (await same(stacks, path)).body
    old = session.get(UsageReport, report_id)
    assert old is not None
    parameters, result = old.parameters, {**(old.result or {}), "onboarded_projects_q1_2024": 42}
    session.delete(old)
    session.flush()
    session.add(
        UsageReport(
            id=report_id,
            kind="past-week",
            parameters=parameters,
            status=UsageReportStatus.done,
            result=result,
        )
    )
    session.flush()
    assert b'"onboarded_projects_q1_2024":42' in (await same(stacks, path)).body


async def test_flask_first_and_the_view_serves_its_report(
    stacks: Stacks, session: Session, activity: dict[str, GitProject]
) -> None:
    legacy = stacks.on_flask("GET", "/usage/total", {}, None)
    view = await stacks.on_views("GET", "/usage/total", {}, None)
    assert compare(legacy, view) == []
    assert located(view, "total", session) == located(legacy, "total", session)


@pytest.mark.parametrize("query", ["days=7&count=4", "hours=1&count=3", "days=1&hours=2&count=5"])
async def test_intervals(
    stacks: Stacks, session: Session, activity: dict[str, GitProject], query: str
) -> None:
    report_id = located(await same(stacks, f"/usage/intervals?{query}"), "intervals", session)
    chart = await same(stacks, f"/usage/intervals/{report_id}")
    assert chart.status == 200
    assert b'"from":"' in chart.body


@pytest.mark.parametrize(
    "query",
    [
        "",  # neither days nor hours: v1 would chart days, legacy refuses
        "days=0",
        "count=ten",
        "days=x&hours=y&count=z",
        "count=0&days=x",  # the numbers are read before the span is checked
        "count=0&days=1",
        "count=1001&hours=1",
        "days=400&count=100",
        "hours=1.5",
        "days=-1",
        "days=1&days=x",
    ],
)
async def test_bad_intervals(stacks: Stacks, query: str) -> None:
    answer = await same(stacks, f"/usage/intervals?{query}")
    assert answer.status == 400 if query != "days=1&days=x" else answer.status == 302


@pytest.mark.parametrize("kind", ["total", "intervals"])
async def test_unfinished_and_failed_reports(stacks: Stacks, session: Session, kind: str) -> None:
    running = UsageReport(kind=kind, status=UsageReportStatus.running)
    failed = UsageReport(kind=kind, status=UsageReportStatus.failed, error="out of memory")
    silent = UsageReport(kind=kind, status=UsageReportStatus.failed)
    session.add_all([running, failed, silent])
    session.flush()
    assert (await same(stacks, f"/usage/{kind}/{running.id}")).body == b"null\n"
    assert (await same(stacks, f"/usage/{kind}/{failed.id}")).status == 500
    answer = await same(stacks, f"/usage/{kind}/{silent.id}")
    assert answer.body == b'{"error":"' + REPORT_FAILED.encode() + b'"}\n'
    assert (await same(stacks, f"/usage/{kind}/999999")).status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/usage/project/github.com/packit",
        "/usage/project/github.com/a/b/c/d",
        "/usage/past-week/abc",
        "/usage/past-week/-1",
        "/usage/past-week/0",
        "/usage/past-week/007",
        "/usage/past-week/99999999999",
        "/usage/intervals/1/2",
        "/usage/onboarded-projects/1",
        "/usage/past-quarter",
    ],
)
async def test_routing_edges(stacks: Stacks, path: str) -> None:
    await same(stacks, path)


async def test_head_and_other_methods(stacks: Stacks, activity: dict[str, GitProject]) -> None:
    assert (await same(stacks, "/usage?top=2", "HEAD")).status == 200
    assert (await same(stacks, "/usage", "POST")).status == 405
    assert (await same(stacks, "/usage/past-week/1", "DELETE")).status == 405


@pytest.mark.parametrize("operation", view.router.operations, ids=lambda o: o.id)
async def test_the_operations_that_store_a_report_say_so(
    stacks: Stacks, session: Session, operation: LegacyOperation
) -> None:
    """``writes`` (part 2 never runs such an operation twice) is declared exactly where
    answering stores a usage report."""
    path = operation.rule.replace("<forge>/<path:namespace>/<repo_name>", "github.com/a/b")
    if "<int:id>" in path:
        kind = path.split("/")[2]
        report = UsageReport(kind=kind, status=UsageReportStatus.running)
        session.add(report)
        session.flush()
        path = path.replace("<int:id>", str(report.id))
    if path == "/usage/intervals":
        path += "?days=1"  # a chart needs an interval
    stored = select(func.count(UsageReport.id))
    before = session.scalar(stored) or 0
    assert (await stacks.on_views("GET", path, {}, None)).status < 400
    assert session.scalar(stored) == before + operation.writes
