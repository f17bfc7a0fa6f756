"""koji-tag-requests on factory data: list order, pages, details, groups."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import ProjectEvent
from tests.shared_db.factories import make_project
from tests.shared_db.factories_koji import (
    SUBMITTED,
    make_anitya_event,
    make_branch_event,
    make_pipeline,
    make_tag_request,
    make_tag_request_group,
)
from tests.sqlcount import count_statements

SUBMITTED_EPOCH = int(SUBMITTED.timestamp())


@pytest.fixture
def branch_event(session: Session) -> ProjectEvent:
    return make_branch_event(session, make_project(session), branch="f41")


def ids_of(body: list[dict[str, object]]) -> list[object]:
    return [item["packit_id"] for item in body]


class TestList:
    def test_items_are_newest_first_with_the_contract_values(
        self, session: Session, legacy_client: FlaskClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        older = make_tag_request(session, group, target="f40")
        newer = make_tag_request(session, group, target="f41")

        response = legacy_client.get("koji-tag-requests")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "koji-tag-requests 1-10/*"
        body = response.get_json()
        assert ids_of(body) == [newer.id, older.id]
        assert body[0] == {
            "packit_id": newer.id,
            "task_id": "120000002",
            "tag_request_submitted_time": SUBMITTED_EPOCH,
            "chroot": "f41",
            "sidetag": "f41-build-side-12345",
            "nvr": "ogr-1.0-1.fc41",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000002",
            "pr_id": None,
            "branch_name": "f41",
            "release": None,
            "project_url": "https://github.com/packit/ogr",
            "repo_namespace": "packit",
            "repo_name": "ogr",
        }

    def test_a_release_monitoring_project_has_no_repository(
        self, session: Session, legacy_client: FlaskClient
    ) -> None:
        make_tag_request(
            session, make_tag_request_group(session, make_anitya_event(session, project_id=4242))
        )

        item = legacy_client.get("koji-tag-requests").get_json()[0]

        assert item["project_url"] == "https://release-monitoring.org/project/4242"
        assert (item["repo_namespace"], item["repo_name"], item["branch_name"]) == (
            None,
            None,
            None,
        )

    def test_pages(
        self, session: Session, legacy_client: FlaskClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        newest_first = [make_tag_request(session, group).id for _ in range(5)][::-1]

        second = legacy_client.get("koji-tag-requests?page=2&per_page=2")
        last = legacy_client.get("koji-tag-requests?page=3&per_page=2")
        beyond = legacy_client.get("koji-tag-requests?page=9&per_page=2")
        below_one = legacy_client.get("koji-tag-requests?page=0&per_page=2")

        assert ids_of(second.get_json()) == newest_first[2:4]
        assert second.headers["Content-Range"] == "koji-tag-requests 3-4/*"
        assert ids_of(last.get_json()) == newest_first[4:]
        assert (beyond.status_code, beyond.get_json()) == (206, [])
        assert beyond.headers["Content-Range"] == "koji-tag-requests 17-18/*"
        assert ids_of(below_one.get_json()) == newest_first[:2]

    @pytest.mark.parametrize("query", ["per_page=3", "per_page=x", "page=y"])
    def test_bad_pagination_is_a_400(self, legacy_client: FlaskClient, query: str) -> None:
        response = legacy_client.get(f"koji-tag-requests?{query}")

        assert response.status_code == 400
        assert response.get_json()["message"] == "Input payload validation failed"

    def test_same_statements_whatever_the_page_size(
        self, session: Session, legacy_client: FlaskClient, engine: Engine
    ) -> None:
        project = make_project(session)
        for n in range(12):
            event = make_branch_event(session, project, branch=f"branch-{n}")
            group = make_tag_request_group(session, event)
            for target in ("f40", "f41", "f42", "rawhide", "epel10"):
                make_tag_request(session, group, target=target)

        counts = []
        for per_page in (2, 50):
            with count_statements(engine) as statements:
                response = legacy_client.get(f"koji-tag-requests?per_page={per_page}")
            assert len(response.get_json()) == per_page
            counts.append(len(statements))

        assert counts[0] == counts[1]


class TestDetail:
    def test_every_field_of_the_contract(
        self, session: Session, legacy_client: FlaskClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        tag_request = make_tag_request(session, group)
        runs = [
            make_pipeline(session, branch_event, koji_tag_request_group_id=group.id)
            for _ in range(2)
        ]

        response = legacy_client.get(f"koji-tag-requests/{tag_request.id}")

        assert response.status_code == 200
        assert response.get_json() == {
            "task_id": "120000002",
            "chroot": "f41",
            "sidetag": "f41-build-side-12345",
            "nvr": "ogr-1.0-1.fc41",
            "tag_request_submitted_time": SUBMITTED_EPOCH,
            "commit_sha": "b" * 40,
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000002",
            "run_ids": sorted(run.id for run in runs),
            "pr_id": None,
            "issue_id": None,
            "branch_name": "f41",
            "release": None,
            "anitya_version": None,
            "repo_namespace": "packit",
            "repo_name": "ogr",
            "project_url": "https://github.com/packit/ogr",
            "anitya_project_id": None,
            "anitya_project_name": None,
            "anitya_package": None,
            "non_git_upstream": False,
        }

    def test_unknown_id_is_a_404(self, legacy_client: FlaskClient) -> None:
        response = legacy_client.get("koji-tag-requests/424242")

        assert response.status_code == 404
        assert response.get_json() == {"error": "No info about tagging request stored in DB"}

    def test_a_non_integer_id_is_a_404_from_the_router(self, legacy_client: FlaskClient) -> None:
        assert legacy_client.get("koji-tag-requests/x1").status_code == 404


class TestGroup:
    def test_runs_targets_and_project(
        self, session: Session, legacy_client: FlaskClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        targets = [make_tag_request(session, group, target=t) for t in ("f41", "f42")]
        runs = [
            make_pipeline(session, branch_event, koji_tag_request_group_id=group.id)
            for _ in range(2)
        ]
        make_tag_request(session, make_tag_request_group(session, branch_event))

        response = legacy_client.get(f"koji-tag-requests/groups/{group.id}")

        assert response.status_code == 200
        body = response.get_json()
        assert body["submitted_time"] == SUBMITTED_EPOCH
        assert body["run_ids"] == sorted(run.id for run in runs)
        assert body["tag_request_target_ids"] == sorted(t.id for t in targets)
        assert (body["branch_name"], body["repo_namespace"]) == ("f41", "packit")

    def test_a_group_of_a_release_monitoring_project(
        self, session: Session, legacy_client: FlaskClient
    ) -> None:
        group = make_tag_request_group(
            session, make_anitya_event(session, project_id=7, version="1.2.3")
        )

        body = legacy_client.get(f"koji-tag-requests/groups/{group.id}").get_json()

        assert body["tag_request_target_ids"] == []
        assert body["non_git_upstream"] is True
        assert body["anitya_project_id"] == 7
        assert body["anitya_package"] == "python-ogr"

    def test_unknown_group_is_a_404(self, legacy_client: FlaskClient) -> None:
        response = legacy_client.get("koji-tag-requests/groups/424242")

        assert response.status_code == 404
        assert response.get_json() == {"error": "No info about group stored in DB"}
