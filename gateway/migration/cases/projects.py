from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import QueryableAttribute

from gateway.migration.cases import INT, LIST, OPT_STR, STR, RouteCase, TypeSpec
from shared_db.models import GitProject

PROJECT_RULE = "/projects/<forge>/<path:namespace>/<repo_name>"
PROJECT_PATH = "/projects/{project}"
# What the lookups fill {project} with: a forge, forge/namespace or forge/namespace/repo.
FORGE = GitProject.instance_url
NAMESPACE = FORGE + "/" + GitProject.namespace
FULL_NAME = NAMESPACE + "/" + GitProject.repo_name
UNKNOWN_PROJECT_PATH = "/projects/github.com/no-such-namespace/no-such-repo"

PROJECT: dict[str, TypeSpec] = {
    "namespace": STR,
    "repo_name": STR,
    "project_url": STR,
    "prs_handled": INT,
    "branches_handled": INT,
    "releases_handled": INT,
    "issues_handled": INT,
}
WORK: dict[str, TypeSpec] = {
    "builds": LIST,
    "koji_builds": LIST,
    "srpm_builds": LIST,
    "tests": LIST,
}


def first_project(part: ColumnElement[str] | QueryableAttribute[str]) -> Select[str]:
    """``part`` of the seeded project with the lowest id, as ``{project}`` for the path.

    Every seeded upstream project has PRs, branches, releases and issues.
    """
    return select(part.label("project")).order_by(GitProject.id).limit(1)


def empty_list(name: str, rule: str, path: str, content_range: str) -> RouteCase:
    """An empty page: 200 (not 206) with ``[]``, ``Content-Range`` still set."""
    return RouteCase(
        name=name, rule=rule, path=path, json=[], headers={"Content-Range": content_range}
    )


CASES = [
    RouteCase(
        name="projects list",
        rule="/projects",
        path="/projects?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "git-projects 3-4/*"},
        keys=PROJECT,
    ),
    empty_list(
        "projects list past the end", "/projects", "/projects?page=999", "git-projects 9981-9990/*"
    ),
    RouteCase(
        name="projects of a forge",
        rule="/projects/<forge>",
        path="/projects/{project}",
        lookup=first_project(FORGE),
        status=206,
        list_of=True,
        headers={"Content-Range": "git-projects 1-10/*"},
        keys=PROJECT,
    ),
    empty_list(
        "projects of an unknown forge",
        "/projects/<forge>",
        "/projects/forge.invalid",
        "git-projects 1-10/*",
    ),
    RouteCase(
        name="projects of a namespace",
        rule="/projects/<forge>/<path:namespace>",
        path="/projects/{project}",
        lookup=first_project(NAMESPACE),
        status=206,
        list_of=True,
        headers={"Content-Range": "git-projects 1-10/*"},
        keys=PROJECT,
    ),
    empty_list(
        "projects of an unknown namespace",
        "/projects/<forge>/<path:namespace>",
        "/projects/github.com/no-such-namespace",
        "git-projects 1-10/*",
    ),
    RouteCase(
        name="project detail",
        rule=PROJECT_RULE,
        path=PROJECT_PATH,
        lookup=first_project(FULL_NAME),
        keys=PROJECT,
    ),
    # werkzeug's choice, which the views follow: no repository after the slash, so the
    # path is a namespace ("<namespace>/<repo>/"), and no project lives in it.
    RouteCase(
        name="project path with a trailing slash is a namespace list",
        rule="/projects/<forge>/<path:namespace>",
        path=f"{PROJECT_PATH}/",
        lookup=first_project(FULL_NAME),
        json=[],
        headers={"Content-Range": "git-projects 1-10/*"},
    ),
    RouteCase(
        name="project detail unknown",
        rule=PROJECT_RULE,
        path=UNKNOWN_PROJECT_PATH,
        status=404,
        json={"error": "No info about project stored in DB"},
    ),
    RouteCase(
        name="project prs",
        rule=f"{PROJECT_RULE}/prs",
        path=f"{PROJECT_PATH}/prs?per_page=20",
        lookup=first_project(FULL_NAME),
        status=206,
        list_of=True,
        headers={"Content-Range": "git-project-prs 1-20/*"},
        keys={"pr_id": INT, **WORK},
    ),
    RouteCase(
        name="project prs past the end",
        rule=f"{PROJECT_RULE}/prs",
        path=f"{PROJECT_PATH}/prs?page=99",
        lookup=first_project(FULL_NAME),
        json=[],
        headers={"Content-Range": "git-project-prs 981-990/*"},
    ),
    empty_list(
        "project prs unknown project",
        f"{PROJECT_RULE}/prs",
        f"{UNKNOWN_PROJECT_PATH}/prs",
        "git-project-prs 1-10/*",
    ),
    RouteCase(
        name="project branches",
        rule=f"{PROJECT_RULE}/branches",
        path=f"{PROJECT_PATH}/branches",
        lookup=first_project(FULL_NAME),
        status=206,
        list_of=True,
        headers={"Content-Range": "git-project-branches 1-10/*"},
        keys={"branch": STR, **WORK},
    ),
    empty_list(
        "project branches unknown project",
        f"{PROJECT_RULE}/branches",
        f"{UNKNOWN_PROJECT_PATH}/branches",
        "git-project-branches 1-10/*",
    ),
    RouteCase(
        name="project releases",
        rule=f"{PROJECT_RULE}/releases",
        path=f"{PROJECT_PATH}/releases",
        lookup=first_project(FULL_NAME),
        status=206,
        list_of=True,
        headers={"Content-Range": "git-project-releases 1-10/*"},
        keys={"tag_name": STR, "commit_hash": OPT_STR},
    ),
    empty_list(
        "project releases unknown project",
        f"{PROJECT_RULE}/releases",
        f"{UNKNOWN_PROJECT_PATH}/releases",
        "git-project-releases 1-10/*",
    ),
    # A list of issue ids, not of objects: status and header here, the ints in test_projects.
    RouteCase(
        name="project issues",
        rule=f"{PROJECT_RULE}/issues",
        path=f"{PROJECT_PATH}/issues",
        lookup=first_project(FULL_NAME),
        status=206,
        headers={"Content-Range": "git-project-issues 1-10/*"},
    ),
    empty_list(
        "project issues unknown project",
        f"{PROJECT_RULE}/issues",
        f"{UNKNOWN_PROJECT_PATH}/issues",
        "git-project-issues 1-10/*",
    ),
    RouteCase(
        name="projects bad per_page",
        rule="/projects",
        path="/projects?per_page=7",
        status=400,
    ),
    RouteCase(
        name="projects of a forge bad page",
        rule="/projects/<forge>",
        path="/projects/github.com?page=x",
        status=400,
    ),
]
