"""koji-builds on factory data: list order, the scratch filter, pages, details, groups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import KojiBuildState, ProjectEvent
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import assert_pages_newest_first, packit_ogr
from tests.shared_db.factories import make_pr_event, make_project, make_srpm_build
from tests.shared_db.factories_bodhi_ld_osh import make_log_detective_run
from tests.shared_db.factories_koji import (
    SUBMITTED,
    make_anitya_event,
    make_branch_event,
    make_koji_build,
    make_koji_group,
    make_pipeline,
)
from tests.sqlcount import count_statements

SUBMITTED_EPOCH = int(SUBMITTED.timestamp())


@pytest.fixture
def pr_event(session: Session) -> ProjectEvent:
    return make_pr_event(session, make_project(session), pr_id=17)


def ids_of(response_json: list[dict[str, object]]) -> list[object]:
    return [item["packit_id"] for item in response_json]


class TestList:
    def test_items_are_newest_first_with_the_contract_values(
        self, session: Session, legacy_client: LegacyClient, pr_event: ProjectEvent
    ) -> None:
        group = make_koji_group(session, pr_event)
        older = make_koji_build(session, group, target="f41")
        newer = make_koji_build(session, group, status=KojiBuildState.failure, target="rawhide")

        response = legacy_client.get("koji-builds")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "koji-builds 1-10/*"
        body = response.get_json()
        assert ids_of(body) == [newer.id, older.id]
        assert body[0] == {
            "packit_id": newer.id,
            "task_id": "120000001",
            "scratch": True,
            "status": "failure",
            "build_submitted_time": SUBMITTED_EPOCH,
            "chroot": "rawhide",
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000001",
            "build_logs_urls": {"x86_64": "https://kojipkgs.example.org/build.log"},
            "pr_id": 17,
            "branch_name": None,
            "release": None,
            "project_url": "https://github.com/packit/ogr",
            "repo_namespace": "packit",
            "repo_name": "ogr",
        }

    def test_a_branch_push_gives_the_branch_name(
        self, session: Session, legacy_client: LegacyClient
    ) -> None:
        event = make_branch_event(session, make_project(session), branch="stable")
        make_koji_build(session, make_koji_group(session, event), scratch=False)

        item = legacy_client.get("koji-builds").get_json()[0]

        assert (item["pr_id"], item["branch_name"], item["release"]) == (None, "stable", None)

    def test_a_release_monitoring_project_has_no_repository(
        self, session: Session, legacy_client: LegacyClient
    ) -> None:
        event = make_anitya_event(session, project_id=4242, version="1.2.3")
        make_koji_build(session, make_koji_group(session, event), scratch=False)

        item = legacy_client.get("koji-builds").get_json()[0]

        assert item["project_url"] == "https://release-monitoring.org/project/4242"
        assert (item["repo_namespace"], item["repo_name"]) == (None, None)

    def test_an_empty_table_is_an_empty_page(self, legacy_client: LegacyClient) -> None:
        response = legacy_client.get("koji-builds?page=3&per_page=2")

        assert response.status_code == 206
        assert response.get_json() == []
        assert response.headers["Content-Range"] == "koji-builds 5-6/*"


class TestScratchFilter:
    @pytest.fixture
    def builds(self, session: Session, pr_event: ProjectEvent) -> dict[str, list[int]]:
        group = make_koji_group(session, pr_event)
        scratch = [make_koji_build(session, group, scratch=True).id for _ in range(3)]
        production = [make_koji_build(session, group, scratch=False).id for _ in range(2)]
        return {"scratch": scratch[::-1], "production": production[::-1]}

    @pytest.mark.parametrize("value", ["true", "True", "TRUE"])
    def test_true_keeps_only_scratch_builds(
        self, builds: dict[str, list[int]], legacy_client: LegacyClient, value: str
    ) -> None:
        response = legacy_client.get(f"koji-builds?scratch={value}")

        assert response.status_code == 206
        assert ids_of(response.get_json()) == builds["scratch"]
        assert all(item["scratch"] is True for item in response.get_json())

    @pytest.mark.parametrize(
        "value", ["false", "False", "", "maybe", "1", "yes", "0", "truee", " true", "a%00b"]
    )
    def test_any_other_value_keeps_only_production_builds(
        self, builds: dict[str, list[int]], legacy_client: LegacyClient, value: str
    ) -> None:
        response = legacy_client.get(f"koji-builds?scratch={value}")

        assert ids_of(response.get_json()) == builds["production"]

    def test_without_the_filter_every_build_is_listed(
        self, builds: dict[str, list[int]], legacy_client: LegacyClient
    ) -> None:
        listed = ids_of(legacy_client.get("koji-builds").get_json())

        assert listed == sorted(builds["scratch"] + builds["production"], reverse=True)

    def test_the_filter_pages_within_its_builds(
        self, builds: dict[str, list[int]], legacy_client: LegacyClient
    ) -> None:
        response = legacy_client.get("koji-builds?scratch=true&page=2&per_page=2")

        assert ids_of(response.get_json()) == builds["scratch"][2:]
        assert response.headers["Content-Range"] == "koji-builds 3-4/*"

    def test_the_first_of_repeated_values_decides(
        self, builds: dict[str, list[int]], legacy_client: LegacyClient
    ) -> None:
        response = legacy_client.get("koji-builds?scratch=maybe&scratch=true")

        assert ids_of(response.get_json()) == builds["production"]

    @pytest.mark.flask  # swagger.json is Flask-RESTX's own
    def test_swagger_documents_the_filter(self, legacy_client: LegacyClient) -> None:
        document = legacy_client.get("swagger.json").get_json()
        parameters = {p["name"]: p for p in document["paths"]["/koji-builds"]["get"]["parameters"]}

        assert parameters["scratch"]["type"] == "string"
        assert parameters["per_page"]["enum"] == [2, 10, 20, 30, 40, 50]


def test_newest_first_and_pages_follow_content_range(
    session: Session, legacy_client: LegacyClient, pr_event: ProjectEvent
) -> None:
    group = make_koji_group(session, pr_event)
    newest_first = [make_koji_build(session, group).id for _ in range(5)][::-1]

    assert_pages_newest_first(legacy_client, "koji-builds", "koji-builds", newest_first)


def test_the_list_runs_the_same_statements_whatever_the_page_size(
    session: Session, legacy_client: LegacyClient, engine: Engine
) -> None:
    project = make_project(session)
    for pr_id in range(1, 13):
        group = make_koji_group(session, make_pr_event(session, project, pr_id=pr_id))
        for target in ("f40", "f41", "rawhide", "epel10", "eln"):
            make_koji_build(session, group, target=target, scratch=pr_id % 2 == 0)

    counts = []
    for query in (
        "per_page=2",
        "per_page=50",
        "per_page=2&scratch=true",
        "per_page=50&scratch=false",
    ):
        with count_statements(engine) as statements:
            response = legacy_client.get(f"koji-builds?{query}")
        assert response.status_code == 206
        counts.append(len(statements))

    assert len(legacy_client.get("koji-builds?per_page=50").get_json()) == 50
    assert len(set(counts)) == 1, counts


class TestDetail:
    def test_every_field_of_the_contract(
        self, session: Session, legacy_client: LegacyClient, pr_event: ProjectEvent
    ) -> None:
        group = make_koji_group(session, pr_event)
        build = make_koji_build(session, group, status=KojiBuildState.failure, scratch=False)
        build.build_start_time = datetime(2026, 3, 1, 12, 5, tzinfo=UTC)
        build.build_submission_stdout = "Created task: 120000001"
        build.error_message = "Build failed: see build.log"
        srpm = make_srpm_build(session, pr_event)
        runs = [
            make_pipeline(session, pr_event, srpm_build_id=srpm.id, koji_build_group_id=group.id)
            for _ in range(2)
        ]
        analyses = [make_log_detective_run(session, pr_event, build=build) for _ in range(2)]
        session.flush()

        response = legacy_client.get(f"koji-builds/{build.id}")

        assert response.status_code == 200
        assert response.get_json() == {
            "task_id": "120000001",
            "status": "failure",
            "chroot": "rawhide",
            "scratch": False,
            "build_start_time": SUBMITTED_EPOCH + 300,
            "build_finished_time": None,
            "build_submitted_time": SUBMITTED_EPOCH,
            "commit_sha": "a" * 40,
            "web_url": "https://koji.example.org/koji/taskinfo?taskID=120000001",
            "build_logs_urls": {"x86_64": "https://kojipkgs.example.org/build.log"},
            "srpm_build_id": srpm.id,
            "run_ids": sorted(run.id for run in runs),
            "build_submission_stdout": "Created task: 120000001",
            "error_message": "Build failed: see build.log",
            "log_detective_runs": sorted(run.id for run in analyses),
            **packit_ogr(pr_id=17),
        }

    def test_a_build_without_runs(
        self, session: Session, legacy_client: LegacyClient, pr_event: ProjectEvent
    ) -> None:
        build = make_koji_build(session, make_koji_group(session, pr_event))

        body = legacy_client.get(f"koji-builds/{build.id}").get_json()

        assert (body["srpm_build_id"], body["run_ids"], body["log_detective_runs"]) == (
            None,
            [],
            [],
        )

    def test_a_release_monitoring_build(
        self, session: Session, legacy_client: LegacyClient
    ) -> None:
        event = make_anitya_event(session, project_id=99, version="1.2.3")
        build = make_koji_build(session, make_koji_group(session, event))

        body = legacy_client.get(f"koji-builds/{build.id}").get_json()

        assert body["non_git_upstream"] is True
        assert body["anitya_version"] == "1.2.3"
        assert body["project_url"] == "https://release-monitoring.org/project/99"
        assert body["commit_sha"] is None


class TestGroup:
    def test_runs_targets_and_project(
        self, session: Session, legacy_client: LegacyClient, pr_event: ProjectEvent
    ) -> None:
        group = make_koji_group(session, pr_event)
        targets = [make_koji_build(session, group, target=t) for t in ("f41", "rawhide")]
        run = make_pipeline(session, pr_event, koji_build_group_id=group.id)
        other = make_koji_build(session, make_koji_group(session, pr_event))

        response = legacy_client.get(f"koji-builds/groups/{group.id}")

        assert response.status_code == 200
        body = response.get_json()
        assert body["submitted_time"] == SUBMITTED_EPOCH
        assert body["run_ids"] == [run.id]
        assert body["build_target_ids"] == sorted(t.id for t in targets)
        assert other.id not in body["build_target_ids"]
        assert (body["pr_id"], body["repo_name"], body["non_git_upstream"]) == (17, "ogr", False)
