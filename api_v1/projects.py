"""Projects (twin of the legacy `/api/projects`).

A namespace may hold slashes (GitLab subgroups), so it is a ``path`` parameter. Starlette
tries routes in the order they are declared, so the most specific come first: the four
sub-lists, then one project (the last segment is the repository), then the namespace
list, then the forge list. As in the legacy API, `/projects/{forge}/a/b` is therefore the
project `b` of namespace `a`; a subgroup namespace is listed with `GET /projects?forge=…&
namespace=a/b`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import NO_NUL
from api_v1.router import resource_router
from api_v1.schemas.projects import (
    BranchRead,
    IssueRead,
    ProjectSummaryRead,
    PullRequestRead,
    ReleaseRead,
)
from shared_db.queries import projects as queries
from shared_db.queries.projects import ProjectFilters, ProjectName

router = resource_router("projects")

Forge = Annotated[
    str,
    Path(
        min_length=1,
        pattern=NO_NUL,
        max_length=255,
        description="Forge host",
        examples=["github.com"],
    ),
]
Namespace = Annotated[
    str,
    Path(
        min_length=1,
        pattern=NO_NUL,
        max_length=255,
        description="Namespace, slashes included for subgroups",
        examples=["packit"],
    ),
]
RepoName = Annotated[
    str,
    Path(
        min_length=1,
        pattern=NO_NUL,
        max_length=255,
        description="Repository name",
        examples=["ogr"],
    ),
]
ONE_PROJECT = "/{forge}/{namespace:path}/{repo_name}"


async def _project_name(forge: Forge, namespace: Namespace, repo_name: RepoName) -> ProjectName:
    return ProjectName(forge, namespace, repo_name)


# The project a route's path names: /{forge}/{namespace:path}/{repo_name}.
ProjectNameDep = Annotated[ProjectName, Depends(_project_name)]


def _projects(
    session: Session, params: PageParams, filters: ProjectFilters
) -> tuple[list[ProjectSummaryRead], int | None]:
    rows, next_after = queries.project_rows(session, params.keyset, filters)
    return [ProjectSummaryRead.of_row(row, counts) for row, counts in rows], next_after


async def _project_page(
    uow: UnitOfWorkDep,
    page: PageParams,
    filters: ProjectFilters,
) -> Page[ProjectSummaryRead]:
    items, next_after = await uow.run(_projects, page, filters)
    return page.of(items, next_after)


def _prs(
    session: Session, params: PageParams, name: ProjectName
) -> tuple[list[PullRequestRead], int | None]:
    rows, next_after = queries.project_pr_rows(session, name, params.keyset)
    return [PullRequestRead.of_row(row, work) for row, work in rows], next_after


def _branches(
    session: Session, params: PageParams, name: ProjectName
) -> tuple[list[BranchRead], int | None]:
    rows, next_after = queries.project_branch_rows(session, name, params.keyset)
    return [BranchRead.of_row(row, work) for row, work in rows], next_after


def _releases(
    session: Session, params: PageParams, name: ProjectName
) -> tuple[list[ReleaseRead], int | None]:
    rows, next_after = queries.project_release_rows(session, name, params.keyset)
    return [ReleaseRead.model_validate(row) for row in rows], next_after


def _issues(
    session: Session, params: PageParams, name: ProjectName
) -> tuple[list[IssueRead], int | None]:
    rows, next_after = queries.project_issue_rows(session, name, params.keyset)
    return [IssueRead.model_validate(row) for row in rows], next_after


@router.get(f"{ONE_PROJECT}/prs", response_model=Page[PullRequestRead], responses=NOT_FOUND)
async def list_project_prs(
    uow: UnitOfWorkDep,
    page: PageDep,
    name: ProjectNameDep,
) -> Page[PullRequestRead]:
    """The project's pull requests, newest first, with the builds and tests their events
    caused; 404 for an unknown project."""
    items, next_after = await uow.run(_prs, page, name)
    return page.of(items, next_after)


@router.get(f"{ONE_PROJECT}/branches", response_model=Page[BranchRead], responses=NOT_FOUND)
async def list_project_branches(
    uow: UnitOfWorkDep,
    page: PageDep,
    name: ProjectNameDep,
) -> Page[BranchRead]:
    """The project's branches, newest first, with the builds and tests their pushes caused;
    404 for an unknown project."""
    items, next_after = await uow.run(_branches, page, name)
    return page.of(items, next_after)


@router.get(f"{ONE_PROJECT}/releases", response_model=Page[ReleaseRead], responses=NOT_FOUND)
async def list_project_releases(
    uow: UnitOfWorkDep,
    page: PageDep,
    name: ProjectNameDep,
) -> Page[ReleaseRead]:
    """The project's releases, newest first; 404 for an unknown project."""
    items, next_after = await uow.run(_releases, page, name)
    return page.of(items, next_after)


@router.get(f"{ONE_PROJECT}/issues", response_model=Page[IssueRead], responses=NOT_FOUND)
async def list_project_issues(
    uow: UnitOfWorkDep,
    page: PageDep,
    name: ProjectNameDep,
) -> Page[IssueRead]:
    """The project's issues the service handled, newest first; 404 for an unknown project."""
    items, next_after = await uow.run(_issues, page, name)
    return page.of(items, next_after)


@router.get(ONE_PROJECT, response_model=ProjectSummaryRead, responses=NOT_FOUND)
async def read_project(uow: UnitOfWorkDep, name: ProjectNameDep) -> ProjectSummaryRead:
    """One project and how many of its PRs, branches, releases and issues were handled."""
    return await uow.run(lambda s: ProjectSummaryRead.of(queries.get_project(s, name)))


@router.get("/{forge}/{namespace:path}", response_model=Page[ProjectSummaryRead])
async def list_namespace_projects(
    uow: UnitOfWorkDep,
    page: PageDep,
    forge: Forge,
    namespace: Namespace,
) -> Page[ProjectSummaryRead]:
    """The projects of one namespace of a forge, newest first; empty when none."""
    filters = ProjectFilters(forge=forge, namespace=namespace)
    return await _project_page(uow, page, filters)


@router.get("/{forge}", response_model=Page[ProjectSummaryRead])
async def list_forge_projects(
    uow: UnitOfWorkDep, page: PageDep, forge: Forge
) -> Page[ProjectSummaryRead]:
    """The projects of one forge, newest first; empty when none."""
    return await _project_page(uow, page, ProjectFilters(forge=forge))


Name = Annotated[str | None, Query(min_length=1, pattern=NO_NUL, max_length=255)]


@router.get("", response_model=Page[ProjectSummaryRead])
async def list_projects(
    uow: UnitOfWorkDep,
    page: PageDep,
    forge: Annotated[Name, Query(description="Forge host", examples=["gitlab.com"])] = None,
    namespace: Annotated[
        Name, Query(description="Namespace, slashes included", examples=["redhat/centos"])
    ] = None,
    repo_name: Annotated[Name, Query(description="Repository name", examples=["ogr"])] = None,
) -> Page[ProjectSummaryRead]:
    """Git projects, newest first, with how many of their PRs, branches, releases and
    issues the service handled."""
    filters = ProjectFilters(forge=forge, namespace=namespace, repo_name=repo_name)
    return await _project_page(uow, page, filters)
