"""projects: git projects, and the PRs, branches, releases and issues the service handled.

Unlike the other lists, these answer 200 with ``[]`` when the page is empty (an unknown
forge, namespace or project included) and 206 otherwise, with ``Content-Range`` either way.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.db import get_session
from legacy_flask.pagination import (
    PageWindow,
    pagination_arguments,
    partial_content,
    requested_window,
)
from legacy_flask.responses import response_maker
from legacy_flask.srpm_builds import dashboard_url
from shared_db.queries import projects as queries

ns = Namespace("projects", description="Projects and what they triggered")

PROJECT_PARAMS = {"forge": "Git Forge", "namespace": "Namespace", "repo_name": "Repo Name"}


def listing(items: list[Any], resource: str, window: PageWindow) -> Response:
    """206 with ``Content-Range``, or 200 (the header kept) when the page is empty."""
    response = partial_content(items, resource, window)
    if not items:
        response.status_code = HTTPStatus.OK.value
    return response


def project_item(summary: queries.ProjectSummary) -> dict[str, Any]:
    project, handled = summary.project, summary.handled
    return {
        "namespace": project.namespace,
        "repo_name": project.repo_name,
        "project_url": project.project_url,
        "prs_handled": handled.prs,
        "branches_handled": handled.branches,
        "releases_handled": handled.releases,
        "issues_handled": handled.issues,
    }


def work_lists(work: queries.TriggeredWork) -> dict[str, list[dict[str, Any]]]:
    """The four lists of builds and tests shown under a PR or a branch."""
    return {
        "builds": [
            {
                "build_id": build.build_id,
                "chroot": build.target,
                "status": build.status.value,
                "web_url": build.web_url,
            }
            for build in work.copr_builds
        ],
        "koji_builds": [
            {
                "task_id": build.task_id,
                "chroot": build.target,
                "status": build.status.value,
                "web_url": build.web_url,
            }
            for build in work.koji_builds
        ],
        "srpm_builds": [
            {
                "srpm_build_id": build.id,
                "status": build.status.value,
                "log_url": dashboard_url(build.id),
            }
            for build in work.srpm_builds
        ],
        "tests": [
            {
                "pipeline_id": run.pipeline_id,
                "chroot": run.target,
                "status": run.status.value,
                "web_url": run.web_url,
            }
            for run in work.tests
        ],
    }


def projects_page(forge: str | None = None, namespace: str | None = None) -> Response:
    window = requested_window()
    summaries = queries.list_projects(get_session(), window, forge=forge, namespace=namespace)
    return listing([project_item(s) for s in summaries], "git-projects", window)


@ns.route("")
class ProjectsList(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Projects list follows")
    @ns.response(HTTPStatus.OK.value, "OK, no projects on this page")
    def get(self) -> Response:
        """List all git projects."""
        return projects_page()


@ns.route("/<forge>")
@ns.param("forge", PROJECT_PARAMS["forge"])
class ProjectsForge(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Projects list follows")
    @ns.response(HTTPStatus.OK.value, "OK, no projects on this page")
    def get(self, forge: str) -> Response:
        """List the projects of one forge (e.g. github.com, gitlab.com)."""
        return projects_page(forge)


@ns.route("/<forge>/<path:namespace>")
@ns.param("forge", PROJECT_PARAMS["forge"])
@ns.param("namespace", PROJECT_PARAMS["namespace"])
class ProjectsNamespace(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Projects list follows")
    @ns.response(HTTPStatus.OK.value, "OK, no projects on this page")
    def get(self, forge: str, namespace: str) -> Response:
        """List the projects of one namespace of a forge."""
        return projects_page(forge, namespace)


def project_route(suffix: str = "") -> Callable[[type[Resource]], type[Resource]]:
    """Route a resource below one project, documenting its three path parameters."""

    def register(resource: type[Resource]) -> type[Resource]:
        for name, description in PROJECT_PARAMS.items():
            resource = ns.param(name, description)(resource)
        return ns.route(f"/<forge>/<path:namespace>/<repo_name>{suffix}")(resource)

    return register


@project_route()
class ProjectInfo(Resource):
    @ns.response(HTTPStatus.OK.value, "Project details follow")
    @ns.response(HTTPStatus.NOT_FOUND.value, queries.PROJECT_NOT_FOUND)
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """Project details."""
        name = queries.ProjectName(forge, namespace, repo_name)
        return response_maker(project_item(queries.get_project(get_session(), name)))


@project_route("/prs")
class ProjectsPRs(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Project PRs handled by the service follow")
    @ns.response(HTTPStatus.OK.value, "OK, no PRs on this page")
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """List the PRs of a project, with their builds and tests."""
        window = requested_window()
        name = queries.ProjectName(forge, namespace, repo_name)
        prs = queries.list_project_prs(get_session(), name, window)
        items = [{"pr_id": pr.pull_request.pr_id, **work_lists(pr.work)} for pr in prs]
        return listing(items, "git-project-prs", window)


@project_route("/issues")
class ProjectIssues(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Project issues handled by the service follow")
    @ns.response(HTTPStatus.OK.value, "OK, no issues on this page")
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """List the issue ids of a project."""
        window = requested_window()
        name = queries.ProjectName(forge, namespace, repo_name)
        issues = queries.list_project_issues(get_session(), name, window)
        return listing([issue.issue_id for issue in issues], "git-project-issues", window)


@project_route("/releases")
class ProjectReleases(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Project releases handled by the service follow")
    @ns.response(HTTPStatus.OK.value, "OK, no releases on this page")
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """List the releases of a project."""
        window = requested_window()
        name = queries.ProjectName(forge, namespace, repo_name)
        releases = queries.list_project_releases(get_session(), name, window)
        items = [{"tag_name": r.tag_name, "commit_hash": r.commit_hash} for r in releases]
        return listing(items, "git-project-releases", window)


@project_route("/branches")
class ProjectBranches(Resource):
    @ns.expect(pagination_arguments)
    @ns.response(HTTPStatus.PARTIAL_CONTENT.value, "Project branches handled by the service follow")
    @ns.response(HTTPStatus.OK.value, "OK, no branches on this page")
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """List the branches of a project, with their builds and tests."""
        window = requested_window()
        name = queries.ProjectName(forge, namespace, repo_name)
        branches = queries.list_project_branches(get_session(), name, window)
        items = [{"branch": b.branch.name, **work_lists(b.work)} for b in branches]
        return listing(items, "git-project-branches", window)
