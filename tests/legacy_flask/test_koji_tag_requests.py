"""koji-tag-requests on factory data: list order, pages, details, groups."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import ProjectEvent
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import (
    assert_pages_newest_first,
    assert_statements_do_not_grow,
    packit_ogr,
)
from tests.shared_db.factories import make_project
from tests.shared_db.factories_koji import (
    SUBMITTED,
    make_anitya_event,
    make_branch_event,
    make_pipeline,
    make_tag_request,
    make_tag_request_group,
)

SUBMITTED_EPOCH = int(SUBMITTED.timestamp())


@pytest.fixture
def branch_event(session: Session) -> ProjectEvent:
    return make_branch_event(session, make_project(session), branch="f41")


def ids_of(body: list[dict[str, object]]) -> list[object]:
    return [item["packit_id"] for item in body]


class TestList:
    def test_items_are_newest_first_with_the_contract_values(
        self, session: Session, legacy_client: LegacyClient, branch_event: ProjectEvent
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
        self, session: Session, legacy_client: LegacyClient
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
        self, session: Session, legacy_client: LegacyClient, branch_event: ProjectEvent
    ) -> None:
        group = make_tag_request_group(session, branch_event)
        newest_first = [make_tag_request(session, group).id for _ in range(5)][::-1]

        assert_pages_newest_first(
            legacy_client, "koji-tag-requests", "koji-tag-requests", newest_first
        )

    def test_same_statements_whatever_the_page_size(
        self, session: Session, legacy_client: LegacyClient, engine: Engine
    ) -> None:
        project = make_project(session)
        for n in range(12):
            event = make_branch_event(session, project, branch=f"branch-{n}")
            group = make_tag_request_group(session, event)
            for target in ("f40", "f41", "f42", "rawhide", "epel10"):
                make_tag_request(session, group, target=target)

        assert_statements_do_not_grow(legacy_client, engine, "koji-tag-requests")


class TestDetail:
    def test_every_field_of_the_contract(
        self, session: Session, legacy_client: LegacyClient, branch_event: ProjectEvent
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
            **packit_ogr(branch_name="f41"),
        }


class TestGroup:
    def test_runs_targets_and_project(
        self, session: Session, legacy_client: LegacyClient, branch_event: ProjectEvent
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
        self, session: Session, legacy_client: LegacyClient
    ) -> None:
        group = make_tag_request_group(
            session, make_anitya_event(session, project_id=7, version="1.2.3")
        )

        body = legacy_client.get(f"koji-tag-requests/groups/{group.id}").get_json()

        assert body["tag_request_target_ids"] == []
        assert body["non_git_upstream"] is True
        assert body["anitya_project_id"] == 7
        assert body["anitya_package"] == "python-ogr"
