"""projects: the catalogue with its counts, one project, and its PRs, branches, releases
and issues with the work they triggered."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, KojiBuildState
from shared_db.models import TestingFarmResult as TFResult
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import (
    make_copr_build,
    make_pr_event,
    make_project,
    make_srpm_build,
)
from tests.shared_db.factories_koji import make_koji_build, make_koji_group
from tests.shared_db.factories_projects import (
    busy_project,
    make_branch_event,
    make_issue,
    make_release,
)
from tests.shared_db.factories_testing_farm import make_test_run, make_test_run_group
from tests.sqlcount import count_statements

OGR = "projects/github.com/packit/ogr"


def names(body: list[dict[str, Any]]) -> list[str]:
    return [f"{item['namespace']}/{item['repo_name']}" for item in body]


class TestProjectLists:
    def test_projects_are_listed_by_namespace_then_name(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_project(session, namespace="zeta", repo="a")
        make_project(session, namespace="alpha", repo="b")
        make_project(session, forge="gitlab.com", namespace="alpha", repo="a")

        response = legacy_client.get("projects")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "git-projects 1-10/*"
        assert names(response.get_json()) == ["alpha/a", "alpha/b", "zeta/a"]

    def test_counts_what_each_project_handled(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        busy_project(session, namespace="a")
        make_project(session, namespace="b")

        body = legacy_client.get("projects").get_json()

        assert body == [
            {
                "namespace": "a",
                "repo_name": "ogr",
                "project_url": "https://github.com/a/ogr",
                "prs_handled": 2,
                "branches_handled": 1,
                "releases_handled": 3,
                "issues_handled": 1,
            },
            {
                "namespace": "b",
                "repo_name": "ogr",
                "project_url": "https://github.com/b/ogr",
                "prs_handled": 0,
                "branches_handled": 0,
                "releases_handled": 0,
                "issues_handled": 0,
            },
        ]

    def test_forge_list_keeps_only_that_forge(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_project(session, forge="github.com", namespace="a")
        make_project(session, forge="gitlab.com", namespace="b")

        response = legacy_client.get("projects/gitlab.com")

        assert response.status_code == 206
        assert names(response.get_json()) == ["b/ogr"]

    def test_namespace_list_keeps_only_that_namespace(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_project(session, forge="gitlab.com", namespace="group", repo="two")
        make_project(session, forge="gitlab.com", namespace="group/sub", repo="one")
        make_project(session, forge="github.com", namespace="group", repo="three")

        response = legacy_client.get("projects/gitlab.com/group")

        assert response.status_code == 206
        assert names(response.get_json()) == ["group/two"]

    @pytest.mark.parametrize(
        "path", ["projects", "projects/forge.invalid", "projects/github.com/x"]
    )
    def test_nothing_found_is_200_with_an_empty_list_and_the_range(
        self, legacy_client: LegacyClient, path: str
    ) -> None:
        response = legacy_client.get(path)

        assert response.status_code == 200
        assert response.get_json() == []
        assert response.headers["Content-Range"] == "git-projects 1-10/*"

    def test_pages_do_not_overlap(self, legacy_client: LegacyClient, session: Session) -> None:
        for index in range(5):
            make_project(session, namespace="same", repo=f"r{index}")

        second = legacy_client.get("projects?page=2&per_page=2")
        third = legacy_client.get("projects?page=3&per_page=2")

        assert second.headers["Content-Range"] == "git-projects 3-4/*"
        assert names(second.get_json()) == ["same/r2", "same/r3"]
        assert names(third.get_json()) == ["same/r4"]

    def test_a_page_below_one_is_the_first(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_project(session)

        response = legacy_client.get("projects?page=0")

        assert response.headers["Content-Range"] == "git-projects 1-10/*"
        assert len(response.get_json()) == 1

    def test_a_per_page_outside_the_choices_is_a_400(self, legacy_client: LegacyClient) -> None:
        response = legacy_client.get("projects/github.com?per_page=3")

        assert response.status_code == 400
        assert "per_page" in response.get_json()["errors"]

    def test_statements_do_not_grow_with_the_page(
        self, legacy_client: LegacyClient, session: Session, engine: Engine
    ) -> None:
        for index in range(55):
            project = make_project(session, namespace=f"ns{index:02}")
            make_pr_event(session, project)
            make_issue(session, project)

        with count_statements(engine) as small:
            assert len(legacy_client.get("projects?per_page=2").get_json()) == 2
        with count_statements(engine) as large:
            assert len(legacy_client.get("projects?per_page=50").get_json()) == 50

        assert len(small) == len(large)


class TestProjectDetail:
    def test_answers_the_project_with_its_counts(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        busy_project(session, issue=False)

        response = legacy_client.get(OGR)

        assert response.status_code == 200
        assert response.get_json() == {
            "namespace": "packit",
            "repo_name": "ogr",
            "project_url": "https://github.com/packit/ogr",
            "prs_handled": 2,
            "branches_handled": 1,
            "releases_handled": 3,
            "issues_handled": 0,
        }

    @pytest.mark.parametrize(
        "path", [OGR, "projects/gitlab.com/packit/ogr", "projects/github.com/packit/other"]
    )
    def test_an_unknown_project_is_a_404(
        self, legacy_client: LegacyClient, session: Session, path: str
    ) -> None:
        make_project(session, namespace="elsewhere")

        response = legacy_client.get(path)

        assert response.status_code == 404
        assert response.get_json() == {"error": "No info about project stored in DB"}


class TestProjectPRs:
    def test_lists_prs_highest_number_first_with_their_work(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        project = make_project(session)
        quiet = make_pr_event(session, project, pr_id=3)
        busy = make_pr_event(session, project, pr_id=9)
        make_copr_build(session, busy, status=BuildStatus.failure, chroot="fedora-41-x86_64")
        make_koji_build(
            session,
            make_koji_group(session, busy),
            task_id="77",
            target="f41",
            status=KojiBuildState.running,
            web_url="https://koji.example.org/taskinfo?taskID=77",
        )
        srpm = make_srpm_build(session, busy, status=BuildStatus.error)
        make_test_run(
            session, make_test_run_group(session, busy), pipeline_id="tf-9", status=TFResult.failed
        )
        make_copr_build(session, quiet)

        response = legacy_client.get(f"{OGR}/prs")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "git-project-prs 1-10/*"
        first, second = response.get_json()
        assert first == {
            "pr_id": 9,
            "builds": [
                {
                    "build_id": "1234567",
                    "chroot": "fedora-41-x86_64",
                    "status": "failure",
                    "web_url": None,
                }
            ],
            "koji_builds": [
                {
                    "task_id": "77",
                    "chroot": "f41",
                    "status": "running",
                    "web_url": "https://koji.example.org/taskinfo?taskID=77",
                }
            ],
            "srpm_builds": [
                {"srpm_build_id": srpm.id, "status": "error", "log_url": f"/jobs/srpm/{srpm.id}"}
            ],
            "tests": [
                {
                    "pipeline_id": "tf-9",
                    "chroot": "fedora-rawhide-x86_64",
                    "status": "failed",
                    "web_url": "https://artifacts.example.org/tf-9",
                }
            ],
        }
        assert second["pr_id"] == 3
        assert [b["chroot"] for b in second["builds"]] == ["fedora-rawhide-x86_64"]
        assert second["koji_builds"] == second["srpm_builds"] == second["tests"] == []

    def test_builds_of_every_event_of_a_pr_newest_first(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        project = make_project(session)
        event = make_pr_event(session, project, pr_id=5)
        make_copr_build(session, event, chroot="older")
        make_copr_build(session, event, chroot="newer")

        body = legacy_client.get(f"{OGR}/prs").get_json()

        assert [b["chroot"] for b in body[0]["builds"]] == ["newer", "older"]

    def test_keeps_to_the_named_project(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_pr_event(session, make_project(session, repo="other"), pr_id=1)
        make_pr_event(session, make_project(session, forge="gitlab.com"), pr_id=2)
        make_pr_event(session, make_project(session), pr_id=3)

        assert [pr["pr_id"] for pr in legacy_client.get(f"{OGR}/prs").get_json()] == [3]

    def test_a_subgroup_namespace_is_part_of_the_name(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        project = make_project(session, forge="gitlab.com", namespace="redhat/centos", repo="rpms")
        make_pr_event(session, project, pr_id=4)

        body = legacy_client.get("projects/gitlab.com/redhat/centos/rpms/prs").get_json()

        assert [pr["pr_id"] for pr in body] == [4]

    @pytest.mark.settings(dashboard_url="https://dashboard.example.org")
    def test_srpm_log_url_points_at_the_configured_dashboard(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        srpm = make_srpm_build(session, make_pr_event(session, make_project(session)))

        body = legacy_client.get(f"{OGR}/prs").get_json()

        expected = f"https://dashboard.example.org/jobs/srpm/{srpm.id}"
        assert body[0]["srpm_builds"][0]["log_url"] == expected

    def test_an_unknown_project_is_200_with_an_empty_list(
        self, legacy_client: LegacyClient
    ) -> None:
        response = legacy_client.get(f"{OGR}/prs?page=2&per_page=20")

        assert response.status_code == 200
        assert response.get_json() == []
        assert response.headers["Content-Range"] == "git-project-prs 21-40/*"

    def test_statements_do_not_grow_with_the_page(
        self, legacy_client: LegacyClient, session: Session, engine: Engine
    ) -> None:
        project = make_project(session)
        for pr_id in range(55):
            event = make_pr_event(session, project, pr_id=pr_id)
            make_copr_build(session, event)
            make_koji_build(session, make_koji_group(session, event))
            make_srpm_build(session, event)
            make_test_run(session, make_test_run_group(session, event))

        with count_statements(engine) as small:
            assert len(legacy_client.get(f"{OGR}/prs?per_page=2").get_json()) == 2
        with count_statements(engine) as large:
            body = legacy_client.get(f"{OGR}/prs?per_page=50").get_json()

        assert len(body) == 50
        assert all(len(pr["builds"]) == len(pr["tests"]) == 1 for pr in body)
        assert len(small) == len(large)


class TestProjectBranches:
    def test_lists_branches_newest_first_with_their_work(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        project = make_project(session)
        make_branch_event(session, project, branch="main")
        develop = make_branch_event(session, project, branch="develop")
        make_copr_build(session, develop, chroot="epel-10-x86_64")
        make_test_run(
            session, make_test_run_group(session, develop), status=TFResult.cancel_requested
        )

        response = legacy_client.get(f"{OGR}/branches")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "git-project-branches 1-10/*"
        develop_item, main_item = response.get_json()
        assert (develop_item["branch"], main_item["branch"]) == ("develop", "main")
        assert [b["chroot"] for b in develop_item["builds"]] == ["epel-10-x86_64"]
        assert [t["status"] for t in develop_item["tests"]] == ["cancel-requested"]
        assert main_item["builds"] == main_item["tests"] == []

    def test_statements_do_not_grow_with_the_page(
        self, legacy_client: LegacyClient, session: Session, engine: Engine
    ) -> None:
        project = make_project(session)
        for index in range(55):
            event = make_branch_event(session, project, branch=f"b{index}")
            make_copr_build(session, event)
            make_srpm_build(session, event)

        with count_statements(engine) as small:
            assert len(legacy_client.get(f"{OGR}/branches?per_page=2").get_json()) == 2
        with count_statements(engine) as large:
            assert len(legacy_client.get(f"{OGR}/branches?per_page=50").get_json()) == 50

        assert len(small) == len(large)


class TestProjectReleasesAndIssues:
    def test_releases_newest_first(self, legacy_client: LegacyClient, session: Session) -> None:
        project = make_project(session)
        make_release(session, project, tag="v1.0.0", commit="c" * 40)
        make_release(session, project, tag="v1.1.0")

        response = legacy_client.get(f"{OGR}/releases")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "git-project-releases 1-10/*"
        assert response.get_json() == [
            {"tag_name": "v1.1.0", "commit_hash": None},
            {"tag_name": "v1.0.0", "commit_hash": "c" * 40},
        ]

    def test_issues_are_their_ids_newest_first(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        project = make_project(session)
        for issue_id in (12, 3, 40):
            make_issue(session, project, issue_id=issue_id)
        make_issue(session, make_project(session, repo="other"), issue_id=99)

        response = legacy_client.get(f"{OGR}/issues?per_page=2")

        assert response.status_code == 206
        assert response.headers["Content-Range"] == "git-project-issues 1-2/*"
        assert response.get_json() == [40, 3]

    @pytest.mark.parametrize("route", ["releases", "issues"])
    def test_an_unknown_project_is_200_with_an_empty_list(
        self, legacy_client: LegacyClient, route: str
    ) -> None:
        response = legacy_client.get(f"{OGR}/{route}")

        assert response.status_code == 200
        assert response.get_json() == []
        assert response.headers["Content-Range"] == f"git-project-{route} 1-10/*"
