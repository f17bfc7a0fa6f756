from sqlalchemy import select

from shared_db.models import (
    GitBranch,
    GitProject,
    ProjectIssue,
    ProjectRelease,
    PullRequest,
)
from tests.api_v1.lists import FilterCase, ListCase

projects = select(GitProject.id)
OGR = (
    GitProject.instance_url == "github.com",
    GitProject.namespace == "packit",
    GitProject.repo_name == "ogr",
)


def of_ogr(model: type[PullRequest | GitBranch | ProjectRelease | ProjectIssue]) -> ListCase:
    suffix = {
        PullRequest: "prs",
        GitBranch: "branches",
        ProjectRelease: "releases",
        ProjectIssue: "issues",
    }[model]
    return ListCase(
        path=f"/projects/github.com/packit/ogr/{suffix}",
        ids=select(model.id).join(GitProject, GitProject.id == model.project_id).where(*OGR),
    )


LISTS = [
    ListCase(
        path="/projects",
        ids=projects,
        filters=[
            FilterCase(
                {"forge": "gitlab.com"}, projects.where(GitProject.instance_url == "gitlab.com")
            ),
            FilterCase(
                {"namespace": "containers"}, projects.where(GitProject.namespace == "containers")
            ),
            FilterCase(
                {"forge": "github.com", "namespace": "packit", "repo_name": "ogr"},
                projects.where(*OGR),
            ),
        ],
    ),
    ListCase(
        path="/projects/gitlab.com", ids=projects.where(GitProject.instance_url == "gitlab.com")
    ),
    ListCase(
        path="/projects/github.com/packit",
        ids=projects.where(
            GitProject.instance_url == "github.com", GitProject.namespace == "packit"
        ),
    ),
    of_ogr(PullRequest),
    of_ogr(GitBranch),
    of_ogr(ProjectRelease),
    of_ogr(ProjectIssue),
]
