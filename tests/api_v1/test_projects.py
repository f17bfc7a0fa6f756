"""v1 projects: the catalogue with its counts, one project, its sub-lists, and the route
order the namespace ``path`` parameter needs. (Cursor walks and filters: test_lists.)"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, KojiBuildState
from shared_db.models import TestingFarmResult as TFResult
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

V1 = "/api/v1/projects"
OGR = f"{V1}/github.com/packit/ogr"
SUB_LISTS = ("prs", "branches", "releases", "issues")


def names(body: dict[str, Any]) -> list[str]:
    return [f"{item['forge']}/{item['namespace']}/{item['repo_name']}" for item in body["items"]]


def selects(statements: list[str]) -> list[str]:
    """The queries, without the test transaction's savepoints."""
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def kind(item: dict[str, Any]) -> str:
    """What an answer's item is, and which."""
    if "handled" in item:
        return f"project {item['forge']}/{item['namespace']}/{item['repo_name']}"
    if "pr_id" in item:
        return f"pr {item['pr_id']}"
    if "copr_builds" in item:
        return f"branch {item['name']}"
    if "tag_name" in item:
        return f"release {item['tag_name']}"
    return f"issue {item['issue_id']}"


def assert_not_found(response: httpx.Response) -> None:
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No info about project stored in DB",
        "errors": [],
    }


class TestProjectLists:
    async def test_items_carry_the_project_and_its_counts(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        busy = busy_project(session, namespace="a")
        quiet = make_project(session, namespace="b")

        response = await client.get(V1)

        assert response.status_code == 200
        assert response.json() == {
            "items": [
                {
                    "id": quiet.id,
                    "forge": "github.com",
                    "namespace": "b",
                    "repo_name": "ogr",
                    "url": "https://github.com/b/ogr",
                    "handled": {"prs": 0, "branches": 0, "releases": 0, "issues": 0},
                },
                {
                    "id": busy.id,
                    "forge": "github.com",
                    "namespace": "a",
                    "repo_name": "ogr",
                    "url": "https://github.com/a/ogr",
                    "handled": {"prs": 2, "branches": 1, "releases": 3, "issues": 1},
                },
            ],
            "next_cursor": None,
        }

    async def test_forge_and_namespace_paths_filter(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        make_project(session, forge="gitlab.com", namespace="group", repo="two")
        make_project(session, forge="gitlab.com", namespace="group/sub", repo="one")
        make_project(session, forge="github.com", namespace="group", repo="three")

        by_forge = await client.get(f"{V1}/gitlab.com")
        by_namespace = await client.get(f"{V1}/gitlab.com/group")
        by_query = await client.get(V1, params={"forge": "gitlab.com", "namespace": "group/sub"})

        assert names(by_forge.json()) == ["gitlab.com/group/sub/one", "gitlab.com/group/two"]
        assert names(by_namespace.json()) == ["gitlab.com/group/two"]
        assert names(by_query.json()) == ["gitlab.com/group/sub/one"]

    @pytest.mark.parametrize("path", [V1, f"{V1}/forge.invalid", f"{V1}/github.com/x"])
    async def test_nothing_found_is_an_empty_page(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        response = await client.get(path)

        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}

    async def test_counts_take_one_grouped_statement_for_the_page(
        self, client: httpx.AsyncClient, session: Session, engine: Engine
    ) -> None:
        for index in range(12):
            project = make_project(session, namespace=f"ns{index:02}")
            make_pr_event(session, project)
            make_issue(session, project)

        with count_statements(engine) as statements:
            body = (await client.get(V1, params={"limit": 10})).json()

        assert len(body["items"]) == 10
        assert all(item["handled"]["prs"] == 1 for item in body["items"])
        assert len(selects(statements)) == 2


class TestProjectDetail:
    async def test_answers_the_project_with_its_counts(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        project = busy_project(session)

        response = await client.get(OGR)

        assert response.status_code == 200
        assert response.json() == {
            "id": project.id,
            "forge": "github.com",
            "namespace": "packit",
            "repo_name": "ogr",
            "url": "https://github.com/packit/ogr",
            "handled": {"prs": 2, "branches": 1, "releases": 3, "issues": 1},
        }

    async def test_a_subgroup_namespace_is_all_but_the_last_segment(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        make_project(session, forge="gitlab.com", namespace="redhat/centos", repo="rpms")

        body = (await client.get(f"{V1}/gitlab.com/redhat/centos/rpms")).json()

        assert (body["namespace"], body["repo_name"]) == ("redhat/centos", "rpms")

    @pytest.mark.parametrize(
        "path", [OGR, f"{V1}/gitlab.com/packit/ogr", f"{V1}/github.com/packit/other"]
    )
    async def test_an_unknown_project_is_a_404(
        self, client: httpx.AsyncClient, session: Session, path: str
    ) -> None:
        make_project(session, namespace="elsewhere")

        assert_not_found(await client.get(path))


class TestRouteOrder:
    """Each path shape reaches its own route, whatever the namespace's slashes: the data
    below makes every route's answer tell it apart from the others'."""

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("", ["project gitlab.com/group/repo", "project gitlab.com/group/sub/repo"]),
            ("/gitlab.com", ["project gitlab.com/group/repo", "project gitlab.com/group/sub/repo"]),
            ("/gitlab.com/group", ["project gitlab.com/group/repo"]),
            ("/gitlab.com/group/repo", "project gitlab.com/group/repo"),
            ("/gitlab.com/group/sub/repo", "project gitlab.com/group/sub/repo"),
            ("/gitlab.com/group/sub/repo/prs", ["pr 4"]),
            ("/gitlab.com/group/sub/repo/branches", ["branch main"]),
            ("/gitlab.com/group/sub/repo/releases", ["release v4"]),
            ("/gitlab.com/group/sub/repo/issues", ["issue 5"]),
            ("/gitlab.com/group/repo/issues", []),
        ],
    )
    async def test_the_path_picks_the_route(
        self, client: httpx.AsyncClient, session: Session, path: str, expected: object
    ) -> None:
        make_project(session, forge="gitlab.com", namespace="group", repo="repo")
        sub = make_project(session, forge="gitlab.com", namespace="group/sub", repo="repo")
        make_pr_event(session, sub, pr_id=4)
        make_branch_event(session, sub)
        make_release(session, sub, tag="v4")
        make_issue(session, sub, issue_id=5)

        response = await client.get(f"{V1}{path}")

        assert response.status_code == 200
        body = response.json()
        answer = sorted(map(kind, body["items"])) if "items" in body else kind(body)
        assert answer == expected

    async def test_sub_lists_of_a_subgroup_project(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        project = make_project(session, forge="gitlab.com", namespace="redhat/centos", repo="rpms")
        make_pr_event(session, project, pr_id=4)
        make_issue(session, project, issue_id=5)

        prs = (await client.get(f"{V1}/gitlab.com/redhat/centos/rpms/prs")).json()
        issues = (await client.get(f"{V1}/gitlab.com/redhat/centos/rpms/issues")).json()

        assert [pr["pr_id"] for pr in prs["items"]] == [4]
        assert [issue["issue_id"] for issue in issues["items"]] == [5]


class TestSubLists:
    async def test_prs_carry_the_work_their_events_caused(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        project = make_project(session)
        busy = make_pr_event(session, project, pr_id=9)
        quiet = make_pr_event(session, project, pr_id=3)
        copr = make_copr_build(session, busy, status=BuildStatus.failure, chroot="fedora-41-x86_64")
        koji = make_koji_build(
            session,
            make_koji_group(session, busy),
            task_id="77",
            target="f41",
            status=KojiBuildState.running,
            web_url="https://koji.example.org/taskinfo?taskID=77",
        )
        srpm = make_srpm_build(session, busy, status=BuildStatus.error)
        test = make_test_run(
            session, make_test_run_group(session, busy), pipeline_id="tf-9", status=TFResult.failed
        )
        make_copr_build(session, quiet)

        response = await client.get(f"{OGR}/prs")

        assert response.status_code == 200
        first, second = response.json()["items"]
        assert (first["id"], first["pr_id"]) == (quiet.pull_request_id, 3)
        assert [b["chroot"] for b in first["copr_builds"]] == ["fedora-rawhide-x86_64"]
        assert first["koji_builds"] == first["srpm_builds"] == first["tests"] == []
        assert second == {
            "id": busy.pull_request_id,
            "pr_id": 9,
            "copr_builds": [
                {
                    "id": copr.id,
                    "build_id": "1234567",
                    "chroot": "fedora-41-x86_64",
                    "status": "failure",
                    "web_url": None,
                }
            ],
            "koji_builds": [
                {
                    "id": koji.id,
                    "task_id": "77",
                    "chroot": "f41",
                    "status": "running",
                    "web_url": "https://koji.example.org/taskinfo?taskID=77",
                }
            ],
            "srpm_builds": [{"id": srpm.id, "status": "error"}],
            "tests": [
                {
                    "id": test.id,
                    "pipeline_id": "tf-9",
                    "chroot": "fedora-rawhide-x86_64",
                    "status": "failed",
                    "web_url": "https://artifacts.example.org/tf-9",
                }
            ],
        }

    async def test_branches_carry_their_name_and_work(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        project = make_project(session)
        make_branch_event(session, project, branch="main")
        develop = make_branch_event(session, project, branch="develop")
        make_copr_build(session, develop, chroot="epel-10-x86_64")
        make_test_run(
            session, make_test_run_group(session, develop), status=TFResult.cancel_requested
        )

        body = (await client.get(f"{OGR}/branches")).json()

        develop_item, main_item = body["items"]
        assert (develop_item["name"], main_item["name"]) == ("develop", "main")
        assert [b["chroot"] for b in develop_item["copr_builds"]] == ["epel-10-x86_64"]
        assert [t["status"] for t in develop_item["tests"]] == ["cancel-requested"]
        assert main_item["copr_builds"] == main_item["tests"] == []

    async def test_releases_and_issues_newest_first(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        project = make_project(session)
        old = make_release(session, project, tag="v1.0.0", commit="c" * 40)
        new = make_release(session, project, tag="v1.1.0")
        issues = [make_issue(session, project, issue_id=n) for n in (12, 3)]
        make_issue(session, make_project(session, repo="other"), issue_id=99)

        releases = (await client.get(f"{OGR}/releases")).json()
        listed = (await client.get(f"{OGR}/issues")).json()

        assert releases["items"] == [
            {"id": new.id, "tag_name": "v1.1.0", "commit_hash": None},
            {"id": old.id, "tag_name": "v1.0.0", "commit_hash": "c" * 40},
        ]
        assert listed["items"] == [
            {"id": issues[1].id, "issue_id": 3},
            {"id": issues[0].id, "issue_id": 12},
        ]

    @pytest.mark.parametrize("route", SUB_LISTS)
    async def test_an_unknown_project_is_a_404(
        self, client: httpx.AsyncClient, session: Session, route: str
    ) -> None:
        make_project(session, repo="other")

        assert_not_found(await client.get(f"{OGR}/{route}"))

    @pytest.mark.parametrize("route", SUB_LISTS)
    async def test_a_known_project_with_none_is_an_empty_page(
        self, client: httpx.AsyncClient, session: Session, route: str
    ) -> None:
        make_project(session)

        response = await client.get(f"{OGR}/{route}")

        assert (response.status_code, response.json()) == (200, {"items": [], "next_cursor": None})

    async def test_pr_pages_take_a_fixed_number_of_statements(
        self, client: httpx.AsyncClient, session: Session, engine: Engine
    ) -> None:
        project = make_project(session)
        for pr_id in range(12):
            event = make_pr_event(session, project, pr_id=pr_id)
            make_copr_build(session, event)
            make_koji_build(session, make_koji_group(session, event))
            make_srpm_build(session, event)
            make_test_run(session, make_test_run_group(session, event))

        with count_statements(engine) as statements:
            body = (await client.get(f"{OGR}/prs", params={"limit": 10})).json()

        assert len(body["items"]) == 10
        assert all(len(pr["copr_builds"]) == len(pr["tests"]) == 1 for pr in body["items"])
        assert len(selects(statements)) == 6  # project, page, then Copr, Koji, SRPM and tests
