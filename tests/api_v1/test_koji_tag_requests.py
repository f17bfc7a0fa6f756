"""v1 koji-tag-requests on factory data: list items and filters, details, groups, errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import ProjectEvent
from tests.shared_db.factories import make_project
from tests.shared_db.factories_koji import (
    make_anitya_event,
    make_branch_event,
    make_pipeline,
    make_tag_request,
    make_tag_request_group,
)

SUBMITTED_ISO = "2026-03-01T12:00:00Z"
BRANCH_TRIGGER = {
    "type": "branch_push",
    "commit_sha": "b" * 40,
    "pr_id": None,
    "branch": "f41",
    "release": None,
    "issue_id": None,
    "anitya_version": None,
    "project": {
        "forge": "github.com",
        "namespace": "packit",
        "repo_name": "ogr",
        "url": "https://github.com/packit/ogr",
    },
    "anitya_project": None,
}


@pytest.fixture
def branch_event(session: Session) -> ProjectEvent:
    return make_branch_event(session, make_project(session), branch="f41")


async def listed(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/koji-tag-requests", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def ids_of(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]


class TestList:
    async def test_an_item_has_every_field(
        self, session: Session, client: httpx.AsyncClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        older = make_tag_request(session, group, target="f40")
        newer = make_tag_request(session, group, target="f41")

        items = await listed(client)

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
            "trigger": {"event_id": branch_event.id, **BRANCH_TRIGGER},
        }

    async def test_a_release_monitoring_project(
        self, session: Session, client: httpx.AsyncClient
    ) -> None:
        event = make_anitya_event(session, project_id=4242, version="1.2.3")
        make_tag_request(session, make_tag_request_group(session, event))

        trigger = (await listed(client))[0]["trigger"]

        assert trigger["project"] is None
        assert trigger["anitya_project"]["url"] == "https://release-monitoring.org/project/4242"

    async def test_an_empty_table_is_an_empty_last_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/koji-tag-requests")

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
        assert ids_of(await listed(client, target="f41")) == requests["f41"]
        assert await listed(client, target="eln") == []

    async def test_sidetag_keeps_that_sidetag(
        self, requests: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        assert ids_of(await listed(client, sidetag="f40-build-side-1")) == requests["f40"]
        assert ids_of(await listed(client, sidetag="f41-build-side-12345")) == requests["f41"]

    async def test_filters_on_the_project_and_trigger(
        self, requests: dict[str, list[int]], client: httpx.AsyncClient
    ) -> None:
        every = sorted(requests["f41"] + requests["f40"], reverse=True)

        assert ids_of(await listed(client, forge="github.com", trigger="branch_push")) == every
        assert await listed(client, namespace="someone-else") == []
        assert await listed(client, trigger="pull_request") == []

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"target": ""}, "query.target"),
            ({"target": "x" * 129}, "query.target"),
            ({"sidetag": "x" * 256}, "query.sidetag"),
            ({"trigger": "telepathy"}, "query.trigger"),
            (
                {
                    "submitted_after": "2026-02-01T00:00:00Z",
                    "submitted_before": "2026-01-01T00:00:00Z",
                },
                "query.submitted_before",
            ),
        ],
    )
    async def test_a_bad_filter_is_a_422_naming_it(
        self, client: httpx.AsyncClient, params: dict[str, str], field: str
    ) -> None:
        response = await client.get("/api/v1/koji-tag-requests", params=params)

        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert [error["field"] for error in body["errors"]] == [field]


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
            "trigger": {"event_id": branch_event.id, **BRANCH_TRIGGER},
            "run_ids": sorted(run.id for run in runs),
        }

    async def test_unknown_id_is_a_404(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/koji-tag-requests/424242")

        assert response.status_code == 404
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": "No info about tagging request stored in DB",
            "errors": [],
        }

    @pytest.mark.parametrize("id", ["0", "abc", str(2**63)])
    async def test_a_bad_id_is_a_422(self, client: httpx.AsyncClient, id: str) -> None:
        response = await client.get(f"/api/v1/koji-tag-requests/{id}")

        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["path.id"]


class TestGroup:
    async def test_runs_targets_and_trigger(
        self, session: Session, client: httpx.AsyncClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        targets = [make_tag_request(session, group, target=t) for t in ("f40", "f41")]
        run = make_pipeline(session, branch_event, koji_tag_request_group_id=group.id)
        make_tag_request(session, make_tag_request_group(session, branch_event))

        response = await client.get(f"/api/v1/koji-tag-requests/groups/{group.id}")

        assert response.status_code == 200
        assert response.json() == {
            "id": group.id,
            "submitted_time": SUBMITTED_ISO,
            "run_ids": [run.id],
            "target_ids": sorted(t.id for t in targets),
            "trigger": {"event_id": branch_event.id, **BRANCH_TRIGGER},
        }

    async def test_unknown_group_is_a_404(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/koji-tag-requests/groups/424242")

        assert response.status_code == 404
        body = response.json()
        assert (body["code"], body["detail"]) == ("not_found", "No info about group stored in DB")
