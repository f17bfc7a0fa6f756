"""v1 koji-tag-requests on factory data: list items and filters, details, groups, errors."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import ProjectEvent
from tests.api_v1.pages import ids_of, listed, listed_ids
from tests.api_v1.triggers import branch_trigger
from tests.shared_db.factories import make_project
from tests.shared_db.factories_koji import (
    make_anitya_event,
    make_branch_event,
    make_pipeline,
    make_tag_request,
    make_tag_request_group,
)

TAG_REQUESTS = "/api/v1/koji-tag-requests"
SUBMITTED_ISO = "2026-03-01T12:00:00Z"


@pytest.fixture
def branch_event(session: Session) -> ProjectEvent:
    return make_branch_event(session, make_project(session), branch="f41")


class TestList:
    async def test_an_item_has_every_field(
        self, session: Session, client: httpx.AsyncClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        older = make_tag_request(session, group, target="f40")
        newer = make_tag_request(session, group, target="f41")

        items = await listed(client, TAG_REQUESTS)

        assert ids_of(items) == [newer.id, older.id]
        assert items[0] == {
            "id": newer.id,
            "group_id": group.id,
            "task_id": "120000002",
            "target": "f41",
            "sidetag": "f41-build-side-12345",
            "nvr": "ogr-1.0-1.fc41",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000002",
            "submitted_time": SUBMITTED_ISO,
            "trigger": branch_trigger(branch_event.id, branch="f41"),
        }

    async def test_a_release_monitoring_project(
        self, session: Session, client: httpx.AsyncClient
    ) -> None:
        event = make_anitya_event(session, project_id=4242, version="1.2.3")
        make_tag_request(session, make_tag_request_group(session, event))

        trigger = (await listed(client, TAG_REQUESTS))[0]["trigger"]

        assert trigger["project"] is None
        assert trigger["anitya_project"]["url"] == "https://release-monitoring.org/project/4242"

    async def test_an_empty_table_is_an_empty_last_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get(TAG_REQUESTS)

        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}


class TestFilters:
    @pytest.fixture
    def requests(self, session: Session, branch_event: ProjectEvent) -> dict[str, list[int]]:
        group = make_tag_request_group(session, branch_event)
        f41 = [make_tag_request(session, group, target="f41").id for _ in range(2)]
        f40 = make_tag_request(session, group, target="f40")
        f40.sidetag = "f40-build-side-1"
        session.flush()
        return {"f41": f41[::-1], "f40": [f40.id]}

    async def test_target_keeps_that_branch(
        self, requests: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        assert await listed_ids(client, TAG_REQUESTS, target="f41") == requests["f41"]
        assert await listed(client, TAG_REQUESTS, target="eln") == []

    async def test_sidetag_keeps_that_sidetag(
        self, requests: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        assert await listed_ids(client, TAG_REQUESTS, sidetag="f40-build-side-1") == requests["f40"]
        assert (
            await listed_ids(client, TAG_REQUESTS, sidetag="f41-build-side-12345")
            == requests["f41"]
        )

    async def test_filters_on_the_project_and_trigger(
        self, requests: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        every = sorted(requests["f41"] + requests["f40"], reverse=True)

        assert (
            await listed_ids(client, TAG_REQUESTS, forge="github.com", trigger="branch_push")
            == every
        )
        assert await listed(client, TAG_REQUESTS, namespace="someone-else") == []
        assert await listed(client, TAG_REQUESTS, trigger="pull_request") == []


class TestDetail:
    async def test_every_field(
        self, session: Session, client: httpx.AsyncClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        tag_request = make_tag_request(session, group)
        runs = [
            make_pipeline(session, branch_event, koji_tag_request_group_id=group.id)
            for _ in range(2)
        ]

        response = await client.get(f"/api/v1/koji-tag-requests/{tag_request.id}")

        assert response.status_code == 200
        assert response.json() == {
            "id": tag_request.id,
            "group_id": group.id,
            "task_id": "120000002",
            "target": "f41",
            "sidetag": "f41-build-side-12345",
            "nvr": "ogr-1.0-1.fc41",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000002",
            "submitted_time": SUBMITTED_ISO,
            "trigger": branch_trigger(branch_event.id, branch="f41"),
            "run_ids": sorted(run.id for run in runs),
        }
