"""projects (legacy view): git projects, and the PRs, branches, releases and issues of one.

These lists answer 206, or 200 when the page is empty (an unknown forge, namespace or
project included: the legacy lists never 404), with ``Content-Range`` either way.

A namespace may hold slashes, so the rules overlap; the views are declared most specific
first (the four sub-lists, one project, the namespace list, the forge list), which is the
order werkzeug's weights pick among them: ``/projects/f/a/b`` is project ``b`` of ``a``,
``/projects/f/a/b/prs`` the PRs of that project.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import projects as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.projects import (
    BranchRead,
    IssueRead,
    ProjectSummaryRead,
    PullRequestRead,
    ReleaseRead,
    TriggeredWorkRead,
)
from api_v1.state import V1ConfigDep
from shared_db.queries import projects as queries
from shared_db.queries.pages import PageWindow, Window
from shared_db.queries.projects import ProjectName

router = LegacyRouter("projects")

ONE_PROJECT = "/projects/<forge>/<path:namespace>/<repo_name>"


def listing(items: list[Any], resource: str, window: PageWindow) -> Response:
    """206 with ``Content-Range``, or 200 (the header kept) when the page is empty."""
    response = partial_content(items, resource, window)
    if not items:
        response.status_code = 200
    return response


def project_item(project: ProjectSummaryRead) -> dict[str, Any]:
    return {
        "namespace": project.namespace,
        "repo_name": project.repo_name,
        "project_url": project.url,
        "prs_handled": project.handled.prs,
        "branches_handled": project.handled.branches,
        "releases_handled": project.handled.releases,
        "issues_handled": project.handled.issues,
    }


def srpm_log_url(dashboard_url: str, build_id: int) -> str:
    """The SRPM build's page on the dashboard (a path on it when no dashboard is set)."""
    return f"{dashboard_url.rstrip('/')}/jobs/srpm/{build_id}"


def work_lists(work: TriggeredWorkRead, dashboard_url: str) -> dict[str, list[dict[str, Any]]]:
    """The four lists of builds and tests shown under a PR or a branch."""
    return {
        "builds": [
            {
                "build_id": build.build_id,
                "chroot": build.chroot,
                "status": build.status.value,
                "web_url": build.web_url,
            }
            for build in work.copr_builds
        ],
        "koji_builds": [
            {
                "task_id": build.task_id,
                "chroot": build.chroot,
                "status": build.status.value,
                "web_url": build.web_url,
            }
            for build in work.koji_builds
        ],
        "srpm_builds": [
            {
                "srpm_build_id": build.id,
                "status": build.status.value,
                "log_url": srpm_log_url(dashboard_url, build.id),
            }
            for build in work.srpm_builds
        ],
        "tests": [
            {
                "pipeline_id": test.pipeline_id,
                "chroot": test.chroot,
                "status": test.status.value,
                "web_url": test.web_url,
            }
            for test in work.tests
        ],
    }


def pr_item(pr: PullRequestRead, dashboard_url: str) -> dict[str, Any]:
    return {"pr_id": pr.pr_id, **work_lists(pr, dashboard_url)}


def branch_item(branch: BranchRead, dashboard_url: str) -> dict[str, Any]:
    return {"branch": branch.name, **work_lists(branch, dashboard_url)}


def release_item(release: ReleaseRead) -> dict[str, Any]:
    return {"tag_name": release.tag_name, "commit_hash": release.commit_hash}


def issue_item(issue: IssueRead) -> int:
    return issue.issue_id


# --- what the views read: the legacy pages (by offset, in the legacy order), as v1 schemas


def _projects(
    session: Session, window: Window, forge: str | None, namespace: str | None
) -> list[ProjectSummaryRead]:
    summaries = queries.list_projects(session, window, forge=forge, namespace=namespace)
    return [ProjectSummaryRead.of(summary) for summary in summaries]


def _prs(session: Session, name: ProjectName, window: Window) -> list[PullRequestRead]:
    prs = queries.list_project_prs(session, name, window)
    return [PullRequestRead.of_row(pr.pull_request, pr.work) for pr in prs]


def _branches(session: Session, name: ProjectName, window: Window) -> list[BranchRead]:
    branches = queries.list_project_branches(session, name, window)
    return [BranchRead.of_row(branch.branch, branch.work) for branch in branches]


def _releases(session: Session, name: ProjectName, window: Window) -> list[ReleaseRead]:
    releases = queries.list_project_releases(session, name, window)
    return [ReleaseRead.model_validate(release) for release in releases]


def _issues(session: Session, name: ProjectName, window: Window) -> list[IssueRead]:
    issues = queries.list_project_issues(session, name, window)
    return [IssueRead.model_validate(issue) for issue in issues]


async def _project_list(
    request: Request, uow: UnitOfWorkDep, forge: str | None = None, namespace: str | None = None
) -> Response:
    window = await requested_window(request)
    projects = await uow.run(_projects, window, forge, namespace)
    return listing([project_item(project) for project in projects], "git-projects", window)


async def _owned_list(
    request: Request,
    uow: UnitOfWorkDep,
    read: Callable[[Session, ProjectName, Window], list[Any]],
    name: ProjectName,
    shape: Callable[[Any], Any],
    resource: str,
) -> Response:
    window = await requested_window(request)
    items = await uow.run(read, name, window)
    return listing([shape(item) for item in items], resource, window)


# --- most specific first (see the module's docstring)


@router.get(f"{ONE_PROJECT}/prs", "prs", twin=v1.list_project_prs)
async def project_prs(
    request: Request,
    uow: UnitOfWorkDep,
    config: V1ConfigDep,
    forge: str,
    namespace: str,
    repo_name: str,
) -> Response:
    name = ProjectName(forge, namespace, repo_name)
    dashboard = config.dashboard_url
    return await _owned_list(
        request, uow, _prs, name, lambda pr: pr_item(pr, dashboard), "git-project-prs"
    )


@router.get(f"{ONE_PROJECT}/branches", "branches", twin=v1.list_project_branches)
async def project_branches(
    request: Request,
    uow: UnitOfWorkDep,
    config: V1ConfigDep,
    forge: str,
    namespace: str,
    repo_name: str,
) -> Response:
    name = ProjectName(forge, namespace, repo_name)
    dashboard = config.dashboard_url
    return await _owned_list(
        request,
        uow,
        _branches,
        name,
        lambda branch: branch_item(branch, dashboard),
        "git-project-branches",
    )


@router.get(f"{ONE_PROJECT}/releases", "releases", twin=v1.list_project_releases)
async def project_releases(
    request: Request, uow: UnitOfWorkDep, forge: str, namespace: str, repo_name: str
) -> Response:
    name = ProjectName(forge, namespace, repo_name)
    return await _owned_list(request, uow, _releases, name, release_item, "git-project-releases")


@router.get(f"{ONE_PROJECT}/issues", "issues", twin=v1.list_project_issues)
async def project_issues(
    request: Request, uow: UnitOfWorkDep, forge: str, namespace: str, repo_name: str
) -> Response:
    name = ProjectName(forge, namespace, repo_name)
    return await _owned_list(request, uow, _issues, name, issue_item, "git-project-issues")


@router.get(ONE_PROJECT, "get", twin=v1.read_project)
async def project(uow: UnitOfWorkDep, forge: str, namespace: str, repo_name: str) -> Response:
    name = ProjectName(forge, namespace, repo_name)
    return legacy_json(project_item(await v1.read_project(uow, name)))


@router.get("/projects/<forge>/<path:namespace>", "namespace", twin=v1.list_namespace_projects)
async def namespace_projects(
    request: Request, uow: UnitOfWorkDep, forge: str, namespace: str
) -> Response:
    return await _project_list(request, uow, forge, namespace)


@router.get("/projects/<forge>", "forge", twin=v1.list_forge_projects)
async def forge_projects(request: Request, uow: UnitOfWorkDep, forge: str) -> Response:
    return await _project_list(request, uow, forge)


@router.get("/projects", "list", twin=v1.list_projects)
async def projects(request: Request, uow: UnitOfWorkDep) -> Response:
    return await _project_list(request, uow)
