"""Usage summaries: every usage route, legacy (Flask and the views) and v1, answers from
them the values of the direct computation on the seeded data; a new build moves the
numbers when the job runs again; past the freshness bound the routes compute directly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_v1.legacy import app as views_app
from api_v1.schemas.common import ProjectRead
from api_v1.schemas.usage import OnboardingRead, ProjectUsageRead, UsageRead
from api_v1.state import V1State
from gateway.settings import Settings
from shared_db.base import utcnow
from shared_db.engine import Database
from shared_db.models import GitProject, UsageSummary
from shared_db.queries.usage import Period, onboarding
from shared_db.queries.usage_reports import past_usage, project_usage, usage_data
from shared_db.queries.usage_summaries import KEYS, Answers, compute, past_since, store
from tests.conftest import make_settings
from tests.shared_db.factories import make_pr_event
from tests.shared_db.factories_usage import run

FRESHNESS = timedelta(minutes=5)
PAST_KINDS = ("past-day", "past-week", "past-month", "past-year", "total")

Get = Callable[[str], Awaitable[Any]]


def summarize(session: Session, now: datetime) -> None:
    """What the usage job does, driven here: every summary computed as of ``now``."""
    store(session, compute(session, now), now, FRESHNESS)
    session.commit()


@pytest.fixture
def summarized(seeded_session: Session) -> datetime:
    now = utcnow()
    summarize(seeded_session, now)
    return now


@pytest.fixture
def settings_for_seeded(seeded_url: str) -> Settings:
    return make_settings(seeded_url)


def _ok_json(status: int, body: Any) -> Any:
    assert status == 200, body
    return body


@pytest.fixture
async def views(seeded_database: Database, settings_for_seeded: Settings) -> AsyncIterator[Get]:
    """GET on the legacy views (FastAPI), following a redirect to the stored report."""
    app = views_app.create_app(V1State.of(settings_for_seeded.v1_config(), seeded_database))
    transport = httpx.ASGITransport(app=app, root_path="/api")
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:

        async def get(path: str) -> Any:
            response = await client.get(f"/api/{path}")
            if response.status_code == 302:
                response = await client.get(f"/api/usage/{response.headers['location']}")
            return _ok_json(response.status_code, response.json())

        yield get


@pytest.fixture
def flask(seeded_database: Database, settings_for_seeded: Settings) -> Get:
    """GET on the Flask app, following a redirect to the stored report."""
    import legacy_flask  # not with Flask off (the tests using it are marked `flask`)
    from tests.flask_client import MountedClient

    app = legacy_flask.create_app(
        seeded_database, {**settings_for_seeded.legacy_config(), "TESTING": True}
    )
    app.test_client_class = MountedClient
    client = app.test_client()

    async def get(path: str) -> Any:
        response = client.get(path)
        if response.status_code == 302:
            response = client.get(f"usage/{response.headers['Location']}")
        return _ok_json(response.status_code, response.get_json())

    return get


def expected_legacy(session: Session, now: datetime) -> dict[str, Any]:
    """The direct computation of every legacy usage answer, by path."""
    week = past_since("past-week", now)
    assert week is not None
    top = list(
        usage_data(session, Period(), 2)["active_projects"]["top_projects_by_events_handled"]
    )
    found = onboarding(session)
    answers: dict[str, Any] = {
        "usage": usage_data(session, Period(), None),
        "usage?top=3": usage_data(session, Period(), 3),
        f"usage?from={week.isoformat().replace('+', '%2B')}": usage_data(
            session, Period(since=week), None
        ),
        "usage/onboarded-projects": {
            "onboarded": {str(i): url for i, url in found.onboarded.items()},
            "almost_onboarded": {str(i): url for i, url in found.almost_onboarded.items()},
        },
    }
    for url in [*top, "https://github.com/nobody/nothing"]:
        path = "usage/project/" + url.removeprefix("https://")
        answers[path] = project_usage(session, url, Period())
    for kind in PAST_KINDS:
        answers[f"usage/{kind}"] = past_usage(session, past_since(kind, now))
    return answers


async def assert_legacy_answers(get: Get, expected: dict[str, Any]) -> None:
    for path, answer in expected.items():
        assert await get(path) == _json_keys(answer), path


def _json_keys(value: Any) -> Any:
    """``value`` as it reads back from JSON (integer keys become strings)."""
    if isinstance(value, dict):
        return {str(key): _json_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_keys(item) for item in value]
    return value


def add_build(session: Session) -> None:
    """A new pull-request pipeline of the least busy project, just now."""
    project = session.scalars(select(GitProject).order_by(GitProject.id.desc())).first()
    assert project is not None
    run(session, make_pr_event(session, project, pr_id=987_654), utcnow())
    session.commit()


class TestLegacyRoutes:
    @pytest.mark.flask
    async def test_flask_answers_the_direct_values(
        self, seeded_session: Session, summarized: datetime, flask: Get
    ) -> None:
        await assert_legacy_answers(flask, expected_legacy(seeded_session, summarized))

    async def test_views_answer_the_direct_values(
        self, seeded_session: Session, summarized: datetime, views: Get
    ) -> None:
        await assert_legacy_answers(views, expected_legacy(seeded_session, summarized))

    @pytest.mark.flask
    async def test_flask_reads_the_summary_until_the_job_runs_again(
        self, seeded_session: Session, summarized: datetime, flask: Get
    ) -> None:
        before = usage_data(seeded_session, Period(), None)
        add_build(seeded_session)
        after = usage_data(seeded_session, Period(), None)
        assert after != before

        assert await flask("usage") == before
        summarize(seeded_session, utcnow())
        assert await flask("usage") == after

    async def test_views_read_the_summary_until_the_job_runs_again(
        self, seeded_session: Session, summarized: datetime, views: Get
    ) -> None:
        before = expected_legacy(seeded_session, summarized)
        add_build(seeded_session)
        now = utcnow()
        after = expected_legacy(seeded_session, now)
        assert after["usage/past-day"] != before["usage/past-day"]

        await assert_legacy_answers(views, before)
        summarize(seeded_session, now)
        await assert_legacy_answers(views, after)


async def v1_get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(f"/api/v1/{path}", params=params)
    return _ok_json(response.status_code, response.json())


def _project(url: str) -> ProjectRead:
    forge, namespace, repo_name = url.removeprefix("https://").split("/", 2)
    namespace, _, repo_name = f"{namespace}/{repo_name}".rpartition("/")
    return ProjectRead(forge=forge, namespace=namespace, repo_name=repo_name, url=url)


class TestV1Routes:
    async def test_figures_are_the_direct_ones_as_of_the_summary(
        self, seeded_session: Session, summarized: datetime, seeded_client: httpx.AsyncClient
    ) -> None:
        week = past_since("past-week", summarized)
        usage = usage_data(seeded_session, Period(), 4)
        assert await v1_get(seeded_client, "usage", top=4) == UsageRead.of(
            usage, summarized
        ).model_dump(mode="json")
        weekly = UsageRead.of(usage_data(seeded_session, Period(since=week), None), summarized)
        assert week is not None
        since = week.isoformat()
        assert await v1_get(seeded_client, "usage", **{"from": since}) == weekly.model_dump(
            mode="json"
        )
        url = usage["active_projects"]["top_projects_by_events_handled"].popitem()[0]
        project = ProjectUsageRead.of(
            _project(url), project_usage(seeded_session, url, Period()), summarized
        )
        path = "usage/project/" + url.removeprefix("https://")
        assert await v1_get(seeded_client, path) == project.model_dump(mode="json")
        found = OnboardingRead.of(onboarding(seeded_session), summarized)
        assert await v1_get(seeded_client, "usage/onboarded-projects") == found.model_dump(
            mode="json"
        )

    @pytest.mark.parametrize("kind", PAST_KINDS)
    async def test_past_reports_are_made_from_the_summaries(
        self,
        seeded_session: Session,
        summarized: datetime,
        seeded_client: httpx.AsyncClient,
        kind: str,
    ) -> None:
        report = await v1_get(seeded_client, f"usage/{kind}")
        expected = past_usage(seeded_session, past_since(kind, summarized))
        assert datetime.fromisoformat(report["as_of"]) == summarized
        assert (
            report["result"]["active_projects"]["project_count"]
            == (expected["active_projects"]["project_count"])
        )
        again = await v1_get(seeded_client, f"usage/{kind}/{report['id']}")
        assert again == report

    async def test_a_new_build_moves_the_numbers_when_the_job_runs(
        self, seeded_session: Session, summarized: datetime, seeded_client: httpx.AsyncClient
    ) -> None:
        first = await v1_get(seeded_client, "usage/past-day")
        usage = await v1_get(seeded_client, "usage", top=3)
        add_build(seeded_session)
        assert await v1_get(seeded_client, "usage/past-day") == first  # the same report
        assert await v1_get(seeded_client, "usage", top=3) == usage

        later = utcnow()
        summarize(seeded_session, later)
        second = await v1_get(seeded_client, "usage/past-day")
        assert second["id"] != first["id"]
        assert datetime.fromisoformat(second["as_of"]) == later
        jobs = "copr_build_groups"
        runs = second["result"]["jobs"][jobs]["job_runs"]
        assert runs == first["result"]["jobs"][jobs]["job_runs"] + 1
        direct = past_usage(seeded_session, past_since("past-day", later))
        assert runs == direct["jobs"][jobs]["job_runs"]
        moved = await v1_get(seeded_client, "usage", top=3)
        assert moved == UsageRead.of(usage_data(seeded_session, Period(), 3), later).model_dump(
            mode="json"
        )
        assert moved["jobs"][jobs]["job_runs"] == usage["jobs"][jobs]["job_runs"] + 1

    async def test_past_the_freshness_bound_the_routes_compute_directly(
        self, seeded_session: Session, seeded_client: httpx.AsyncClient
    ) -> None:
        summarize(seeded_session, utcnow() - FRESHNESS - timedelta(seconds=1))
        add_build(seeded_session)
        asked = utcnow()
        body = await v1_get(seeded_client, "usage")
        assert datetime.fromisoformat(body["as_of"]) >= asked
        assert body == UsageRead.of(
            usage_data(seeded_session, Period(), None), datetime.fromisoformat(body["as_of"])
        ).model_dump(mode="json")

    async def test_without_summaries_the_routes_compute_directly(
        self, seeded_session: Session, seeded_client: httpx.AsyncClient
    ) -> None:
        assert seeded_session.scalars(select(UsageSummary.key)).all() == []
        asked = utcnow()
        body = await v1_get(seeded_client, "usage/onboarded-projects")
        assert datetime.fromisoformat(body["as_of"]) >= asked

    def test_every_summary_is_stored(self, seeded_session: Session, summarized: datetime) -> None:
        rows = seeded_session.scalars(select(UsageSummary)).all()
        assert sorted(row.key for row in rows) == sorted(KEYS)
        assert {row.as_of for row in rows} == {summarized}
        assert {row.fresh_until for row in rows} == {summarized + FRESHNESS}


class TestAnswers:
    def test_keeps_what_it_made_by_key(self) -> None:
        made: list[int] = []
        answers: Answers[str, int] = Answers(size=2)

        def make() -> int:
            made.append(len(made))
            return made[-1]

        assert [answers.get("a", make), answers.get("a", make)] == [0, 0]
        assert answers.get(None, make) == 1  # no key: never kept
        assert answers.get(None, make) == 2
        assert answers.get("b", make) == 3
        assert answers.get("c", make) == 4  # full: emptied first
        assert answers.get("a", make) == 5
