"""v1 koji-builds on factory data: list items and filters, details, groups, errors."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import KojiBuildState, ProjectEvent
from tests.api_v1.pages import ids_of, listed, listed_ids
from tests.api_v1.triggers import pr_trigger
from tests.shared_db.factories import make_pr_event, make_project, make_srpm_build
from tests.shared_db.factories_bodhi_ld_osh import make_log_detective_run
from tests.shared_db.factories_koji import (
    make_anitya_event,
    make_branch_event,
    make_koji_build,
    make_koji_group,
    make_pipeline,
)

KOJI_BUILDS = "/api/v1/koji-builds"
SUBMITTED_ISO = "2026-03-01T12:00:00Z"


@pytest.fixture
def pr_event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session), pr_id=17)


class TestList:
    async def test_an_item_has_every_field(
        self, session: Session, client: httpx.AsyncClient, pr_event: ProjectEvent
    ) -> None:
        group = make_koji_group(session, pr_event)
        older = make_koji_build(session, group, target="f41")
        newer = make_koji_build(session, group, status=KojiBuildState.failure, target="rawhide")
        newer.build_start_time = datetime(2026, 3, 1, 12, 5, tzinfo=UTC)
        session.flush()

        items = await listed(client, KOJI_BUILDS)

        assert ids_of(items) == [newer.id, older.id]
        assert items[0] == {
            "id": newer.id,
            "group_id": group.id,
            "task_id": "120000001",
            "scratch": True,
            "target": "rawhide",
            "status": "failure",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000001",
            "build_logs_urls": {"x86_64": "https://kojipkgs.example.org/build.log"},
            "submitted_time": SUBMITTED_ISO,
            "started_time": "2026-03-01T12:05:00Z",
            "finished_time": None,
            "trigger": pr_trigger(pr_event.id, pr_id=17),
        }

    async def test_a_branch_push_gives_the_branch(
        self, session: Session, client: httpx.AsyncClient
    ) -> None:
        event = make_branch_event(session, make_project(session), branch="stable")
        make_koji_build(session, make_koji_group(session, event), scratch=False)

        trigger = (await listed(client, KOJI_BUILDS))[0]["trigger"]

        assert (trigger["type"], trigger["branch"], trigger["pr_id"]) == (
            "branch_push",
            "stable",
            None,
        )

    async def test_a_release_monitoring_project(
        self, session: Session, client: httpx.AsyncClient
    ) -> None:
        event = make_anitya_event(session, project_id=4242, version="1.2.3")
        make_koji_build(session, make_koji_group(session, event), scratch=False)

        trigger = (await listed(client, KOJI_BUILDS))[0]["trigger"]

        assert trigger["project"] is None
        assert trigger["anitya_version"] == "1.2.3"
        assert trigger["anitya_project"] == {
            "id": 4242,
            "name": "ogr",
            "package": "python-ogr",
            "url": "https://release-monitoring.org/project/4242",
        }

    async def test_an_empty_table_is_an_empty_last_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get(KOJI_BUILDS)

        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}
        assert "link" not in response.headers


class TestFilters:
    @pytest.fixture
    def builds(self, session: Session, pr_event: ProjectEvent) -> dict[str, list[int]]:
        group = make_koji_group(session, pr_event)
        scratch = [make_koji_build(session, group, scratch=True).id for _ in range(3)]
        production = [
            make_koji_build(session, group, scratch=False, target="f41").id for _ in range(2)
        ]
        return {"scratch": scratch[::-1], "production": production[::-1]}

    @pytest.mark.parametrize("value", ["true", "True", "1"])
    async def test_scratch_true_keeps_only_scratch_builds(
        self, builds: dict[str, list[int]], client: httpx.AsyncClient, value: str
    ) -> None:
        items = await listed(client, KOJI_BUILDS, scratch=value)

        assert ids_of(items) == builds["scratch"]
        assert all(item["scratch"] is True for item in items)

    async def test_scratch_false_keeps_only_production_builds(
        self, builds: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        assert await listed_ids(client, KOJI_BUILDS, scratch="false") == builds["production"]

    async def test_without_scratch_every_build_is_listed(
        self, builds: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        expected = sorted(builds["scratch"] + builds["production"], reverse=True)

        assert await listed_ids(client, KOJI_BUILDS) == expected

    async def test_target_and_scratch_combine(
        self, builds: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        assert (
            await listed_ids(client, KOJI_BUILDS, target="f41", scratch="false")
            == builds["production"]
        )
        assert await listed(client, KOJI_BUILDS, target="f41", scratch="true") == []

    async def test_the_cursor_pages_within_the_filter(
        self, builds: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        first = await client.get(KOJI_BUILDS, params={"scratch": "true", "limit": 2})
        cursor = first.json()["next_cursor"]
        second = await client.get(
            KOJI_BUILDS, params={"scratch": "true", "limit": 2, "cursor": cursor}
        )

        assert ids_of(first.json()["items"]) == builds["scratch"][:2]
        assert "scratch=true" in first.headers["link"]
        assert ids_of(second.json()["items"]) == builds["scratch"][2:]
        assert second.json()["next_cursor"] is None


class TestDetail:
    async def test_every_field(
        self, session: Session, client: httpx.AsyncClient, pr_event: ProjectEvent
    ) -> None:
        group = make_koji_group(session, pr_event)
        build = make_koji_build(session, group, status=KojiBuildState.failure, scratch=False)
        build.build_start_time = datetime(2026, 3, 1, 12, 5, tzinfo=UTC)
        build.build_finished_time = datetime(2026, 3, 1, 12, 35, tzinfo=UTC)
        build.build_submission_stdout = "Created task: 120000001"
        build.error_message = "Build failed: see build.log"
        srpm = make_srpm_build(session, pr_event)
        runs = [
            make_pipeline(session, pr_event, srpm_build_id=srpm.id, koji_build_group_id=group.id)
            for _ in range(2)
        ]
        analyses = [make_log_detective_run(session, pr_event, build=build) for _ in range(2)]
        session.flush()

        response = await client.get(f"/api/v1/koji-builds/{build.id}")

        assert response.status_code == 200
        assert response.json() == {
            "id": build.id,
            "group_id": group.id,
            "task_id": "120000001",
            "scratch": False,
            "target": "rawhide",
            "status": "failure",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000001",
            "build_logs_urls": {"x86_64": "https://kojipkgs.example.org/build.log"},
            "submitted_time": SUBMITTED_ISO,
            "started_time": "2026-03-01T12:05:00Z",
            "finished_time": "2026-03-01T12:35:00Z",
            "trigger": pr_trigger(pr_event.id, pr_id=17),
            "srpm_build_id": srpm.id,
            "run_ids": sorted(run.id for run in runs),
            "build_submission_stdout": "Created task: 120000001",
            "error_message": "Build failed: see build.log",
            "log_detective_run_ids": sorted(run.id for run in analyses),
        }

    async def test_a_build_without_runs(
        self, session: Session, client: httpx.AsyncClient, pr_event: ProjectEvent
    ) -> None:
        build = make_koji_build(session, make_koji_group(session, pr_event))

        body = (await client.get(f"/api/v1/koji-builds/{build.id}")).json()

        assert (body["srpm_build_id"], body["run_ids"], body["log_detective_run_ids"]) == (
            None,
            [],
            [],
        )

    async def test_a_release_monitoring_build(
        self, session: Session, client: httpx.AsyncClient
    ) -> None:
        event = make_anitya_event(session, project_id=99, version="1.2.3")
        build = make_koji_build(session, make_koji_group(session, event))

        trigger = (await client.get(f"/api/v1/koji-builds/{build.id}")).json()["trigger"]

        assert trigger["type"] == "anitya_version"
        assert trigger["commit_sha"] is None
        assert trigger["anitya_project"]["url"] == "https://release-monitoring.org/project/99"
