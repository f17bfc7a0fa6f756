"""projects (legacy view): the catalogue, one project and its four lists, answered as Flask
answers them (200 for an empty page, 206 otherwise; subgroup namespaces; the dashboard's
SRPM links)."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.models import BuildStatus, KojiBuildState
from shared_db.models import TestingFarmResult as TFResult
from tests.api_v1.legacy.side_by_side import SideBySide, json_of
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project, make_srpm_build
from tests.shared_db.factories_koji import make_koji_build, make_koji_group
from tests.shared_db.factories_projects import (
    busy_project,
    make_branch_event,
    make_issue,
    make_release,
)
from tests.shared_db.factories_testing_farm import make_test_run, make_test_run_group

OGR = "/projects/github.com/packit/ogr"
SUBGROUP = "/projects/gitlab.com/redhat/centos/rpms"

pytestmark = pytest.mark.flask  # compares the stacks: both must be there


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> SideBySide:
    return SideBySide(connection, database, settings)


@pytest.fixture
def catalogue(session: Session) -> None:
    """Projects on two forges, in namespaces with and without subgroups, one busy."""
    busy_project(session, namespace="a")
    for index in range(4):
        make_project(session, namespace="same", repo=f"r{index}")
    make_project(session, namespace="zeta", repo="a")
    make_project(session, forge="gitlab.com", namespace="group", repo="two")
    make_project(session, forge="gitlab.com", namespace="group/sub", repo="one")
    make_project(session, forge="gitlab.com", namespace="redhat/centos", repo="rpms")


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/projects", 206),
        ("/projects?page=2&per_page=2", 206),
        ("/projects?page=0", 206),
        ("/projects?page=999", 200),
        ("/projects/gitlab.com", 206),
        ("/projects/forge.invalid", 200),
        ("/projects/gitlab.com/group", 206),
        ("/projects/github.com/x", 200),
        ("/projects/github.com/same?per_page=2&page=2", 206),
        ("/projects?per_page=7", 400),
        ("/projects/github.com?per_page=3", 400),
        ("/projects/github.com/same?page=x", 400),
    ],
)
async def test_project_lists(both: SideBySide, path: str, status: int) -> None:
    assert (await both.same(path)).status == status


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/projects/github.com/a/ogr", 200),
        ("/projects/github.com/same/r2", 200),
        (SUBGROUP, 200),
        ("/projects/gitlab.com/group/sub/one", 200),
        (OGR, 404),
        ("/projects/gitlab.com/a/ogr", 404),
        # project "sub" of "group" (a subgroup cannot be listed by its path, as in Flask)
        ("/projects/gitlab.com/group/sub", 404),
    ],
)
async def test_one_project(both: SideBySide, path: str, status: int) -> None:
    assert (await both.same(path)).status == status


async def test_prs_with_every_kind_of_work_highest_number_first(
    both: SideBySide, session: Session
) -> None:
    project = make_project(session)
    quiet = make_pr_event(session, project, pr_id=3)
    busy = make_pr_event(session, project, pr_id=9)
    make_copr_build(session, busy, status=BuildStatus.failure, chroot="fedora-41-x86_64")
    make_copr_build(session, busy, chroot="newer")
    make_koji_build(
        session,
        make_koji_group(session, busy),
        task_id="77",
        target="f41",
        status=KojiBuildState.running,
        web_url="https://koji.example.org/taskinfo?taskID=77",
    )
    make_srpm_build(session, busy, status=BuildStatus.error)
    make_test_run(
        session, make_test_run_group(session, busy), pipeline_id="tf-9", status=TFResult.failed
    )
    make_copr_build(session, quiet)
    make_pr_event(session, make_project(session, repo="other"), pr_id=1)

    body = json_of(await both.same(f"{OGR}/prs"))

    assert [pr["pr_id"] for pr in body] == [9, 3]


@pytest.mark.settings(dashboard_url="https://dashboard.example.org/")
async def test_srpm_log_url_on_the_configured_dashboard(both: SideBySide, session: Session) -> None:
    srpm = make_srpm_build(session, make_pr_event(session, make_project(session)))
    make_branch_event(session, make_project(session, repo="other"), branch="main")

    (pr,) = json_of(await both.same(f"{OGR}/prs"))

    assert pr["srpm_builds"][0]["log_url"] == f"https://dashboard.example.org/jobs/srpm/{srpm.id}"


async def test_lists_of_a_subgroup_project(both: SideBySide, session: Session) -> None:
    project = make_project(session, forge="gitlab.com", namespace="redhat/centos", repo="rpms")
    make_pr_event(session, project, pr_id=4)
    make_branch_event(session, project, branch="c10s")
    make_release(session, project, tag="v2")
    make_issue(session, project, issue_id=5)

    for route in ("prs", "branches", "releases", "issues"):
        assert (await both.same(f"{SUBGROUP}/{route}")).status == 206


async def test_branches_newest_first_with_their_work(both: SideBySide, session: Session) -> None:
    project = make_project(session)
    make_branch_event(session, project, branch="main")
    develop = make_branch_event(session, project, branch="develop")
    make_copr_build(session, develop, chroot="epel-10-x86_64")
    make_srpm_build(session, develop)
    make_test_run(session, make_test_run_group(session, develop), status=TFResult.cancel_requested)

    body = json_of(await both.same(f"{OGR}/branches"))

    assert [branch["branch"] for branch in body] == ["develop", "main"]


async def test_releases_and_issues_newest_first(both: SideBySide, session: Session) -> None:
    project = make_project(session)
    make_release(session, project, tag="v1.0.0", commit="c" * 40)
    make_release(session, project, tag="v1.1.0")
    for issue_id in (12, 3, 40):
        make_issue(session, project, issue_id=issue_id)
    make_issue(session, make_project(session, repo="other"), issue_id=99)

    assert json_of(await both.same(f"{OGR}/issues?per_page=2")) == [40, 3]
    assert len(json_of(await both.same(f"{OGR}/releases"))) == 2


@pytest.mark.parametrize("route", ["prs", "branches", "releases", "issues"])
@pytest.mark.parametrize("query", ["", "?page=2&per_page=20", "?per_page=9"])
async def test_lists_of_an_unknown_project(both: SideBySide, route: str, query: str) -> None:
    answer = await both.same(f"{OGR}/{route}{query}")

    assert answer.status == (400 if "9" in query else 200)
