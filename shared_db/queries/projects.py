"""Git projects: the catalogue with what each handled, and the PRs, branches, releases
and issues of one project with the work they triggered.

A project is named the way the legacy routes name it: forge (``instance_url``, e.g.
``github.com``), namespace (which may hold slashes, as GitLab subgroups do) and repository.
Every list here costs a fixed number of statements whatever the page size: the page, then
one grouped statement per kind of detail for the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, load_only

from shared_db.errors import NotFound
from shared_db.models import (
    CoprBuildGroup,
    CoprBuildTarget,
    GitBranch,
    GitProject,
    KojiBuildGroup,
    KojiBuildTarget,
    ProjectEvent,
    ProjectIssue,
    ProjectRelease,
    PullRequest,
    SRPMBuild,
    TFTTestRunGroup,
    TFTTestRunTarget,
)
from shared_db.queries.filters import text_is
from shared_db.queries.pages import Keyset, Window, core_connection, fetch_page, where_all

PROJECT_NOT_FOUND = "No info about project stored in DB"

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ProjectName:
    """How the legacy routes address one project."""

    forge: str
    namespace: str
    repo_name: str

    def matches(self) -> tuple[ColumnElement[bool], ...]:
        return (
            text_is(GitProject.instance_url, self.forge),
            text_is(GitProject.namespace, self.namespace),
            text_is(GitProject.repo_name, self.repo_name),
        )


@dataclass(frozen=True, slots=True)
class HandledCounts:
    """How many PRs, branches, releases and issues of a project the service has seen."""

    prs: int = 0
    branches: int = 0
    releases: int = 0
    issues: int = 0


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    project: GitProject
    handled: HandledCounts


@dataclass(slots=True)
class TriggeredWork:
    """Everything the events of one PR or branch caused, newest first in each list."""

    copr_builds: list[CoprBuildTarget] = field(default_factory=list)
    koji_builds: list[KojiBuildTarget] = field(default_factory=list)
    srpm_builds: list[SRPMBuild] = field(default_factory=list)
    tests: list[TFTTestRunTarget] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PullRequestWork:
    pull_request: PullRequest
    work: TriggeredWork


@dataclass(frozen=True, slots=True)
class BranchWork:
    branch: GitBranch
    work: TriggeredWork


# --- the catalogue ----------------------------------------------------------------------

# The column of each counted table that points at its project, and the count it feeds.
_COUNTED: tuple[tuple[str, InstrumentedAttribute[int]], ...] = (
    ("prs", PullRequest.project_id),
    ("branches", GitBranch.project_id),
    ("releases", ProjectRelease.project_id),
    ("issues", ProjectIssue.project_id),
)


# The four counts of the projects bound to ``project_ids``, one grouped count per table;
# built once (building and keying it anew cost more than SQLite takes to run it).
_HANDLED_COUNTS = union_all(
    *(
        select(
            literal(kind, String).label("kind"),
            column.label("project_id"),
            func.count().label("total"),
        )
        .where(column.in_(bindparam("project_ids", expanding=True)))
        .group_by(column)
        for kind, column in _COUNTED
    )
)


def _handled_counts(session: Session, project_ids: Sequence[int]) -> dict[int, HandledCounts]:
    """The four counts of every given project, in one statement of grouped counts."""
    if not project_ids:
        return {}
    found: dict[int, dict[str, int]] = {}
    params = {"project_ids": list(project_ids)}
    for kind, project_id, total in core_connection(session).execute(_HANDLED_COUNTS, params):
        found.setdefault(project_id, {})[kind] = total
    return {project_id: HandledCounts(**counts) for project_id, counts in found.items()}


def _summaries(session: Session, projects: Sequence[GitProject]) -> list[ProjectSummary]:
    counts = _handled_counts(session, [project.id for project in projects])
    return [
        ProjectSummary(project, counts.get(project.id, HandledCounts())) for project in projects
    ]


def list_projects(
    session: Session,
    window: Window,
    *,
    forge: str | None = None,
    namespace: str | None = None,
) -> list[ProjectSummary]:
    """One page of projects, optionally of one forge (and namespace), by namespace and name.

    The legacy lists have always been alphabetical by namespace; repository name and id
    break ties so that pages never overlap. Project rows are narrow and need no eager
    loads, so the page is read directly. Two statements.
    """
    where: list[ColumnElement[bool]] = []
    if forge is not None:
        where.append(text_is(GitProject.instance_url, forge))
    if namespace is not None:
        where.append(text_is(GitProject.namespace, namespace))
    projects = session.scalars(
        select(GitProject)
        .where(*where)
        .order_by(GitProject.namespace, GitProject.repo_name, GitProject.id)
        .offset(window.offset)
        .limit(window.limit)
    ).all()
    return _summaries(session, projects)


def get_project(session: Session, name: ProjectName) -> ProjectSummary:
    project = session.scalar(select(GitProject).where(*name.matches()))
    if project is None:
        raise NotFound(PROJECT_NOT_FOUND)
    return _summaries(session, [project])[0]


# --- what belongs to one project -----------------------------------------------------------


def _page_of(
    session: Session,
    model: type[_T],
    project_column: InstrumentedAttribute[int],
    name: ProjectName,
    window: Window,
    *order: ColumnElement[Any] | InstrumentedAttribute[Any],
) -> list[_T]:
    """One page of a project's PRs, branches, releases or issues; [] for an unknown project."""
    return list(
        session.scalars(
            select(model)
            .join(GitProject, GitProject.id == project_column)
            .where(*name.matches())
            .order_by(*order)
            .offset(window.offset)
            .limit(window.limit)
        )
    )


def _grouped(session: Session, statement: Select[_T, int | None]) -> dict[int, list[_T]]:
    """Rows of ``(item, owner id)`` gathered per owner, in the statement's order."""
    gathered: dict[int, list[_T]] = {}
    for item, owner in session.execute(statement):
        if owner is not None:
            gathered.setdefault(owner, []).append(item)
    return gathered


def _triggered_work(
    session: Session, owner: InstrumentedAttribute[int | None], owner_ids: Sequence[int]
) -> dict[int, TriggeredWork]:
    """The work caused by the events whose ``owner`` (their PR or branch) is given.

    Four statements for any number of owners: Copr builds, Koji builds, SRPM builds and
    test runs, each reaching its event through the group (or build) that the event caused.
    """
    work = {owner_id: TriggeredWork() for owner_id in owner_ids}
    if not owner_ids:
        return work
    of_owners = owner.in_(owner_ids)
    copr = _grouped(
        session,
        select(CoprBuildTarget, owner)
        .join(CoprBuildGroup, CoprBuildGroup.id == CoprBuildTarget.group_id)
        .join(ProjectEvent, ProjectEvent.id == CoprBuildGroup.project_event_id)
        .where(of_owners)
        .options(
            load_only(
                CoprBuildTarget.build_id,
                CoprBuildTarget.target,
                CoprBuildTarget.status,
                CoprBuildTarget.web_url,
                raiseload=True,
            )
        )
        .order_by(CoprBuildTarget.id.desc()),
    )
    koji = _grouped(
        session,
        select(KojiBuildTarget, owner)
        .join(KojiBuildGroup, KojiBuildGroup.id == KojiBuildTarget.group_id)
        .join(ProjectEvent, ProjectEvent.id == KojiBuildGroup.project_event_id)
        .where(of_owners)
        .options(
            load_only(
                KojiBuildTarget.task_id,
                KojiBuildTarget.target,
                KojiBuildTarget.status,
                KojiBuildTarget.web_url,
                raiseload=True,
            )
        )
        .order_by(KojiBuildTarget.id.desc()),
    )
    srpm = _grouped(
        session,
        select(SRPMBuild, owner)
        .join(ProjectEvent, ProjectEvent.id == SRPMBuild.project_event_id)
        .where(of_owners)
        .options(load_only(SRPMBuild.status, raiseload=True))
        .order_by(SRPMBuild.id.desc()),
    )
    tests = _grouped(
        session,
        select(TFTTestRunTarget, owner)
        .join(TFTTestRunGroup, TFTTestRunGroup.id == TFTTestRunTarget.group_id)
        .join(ProjectEvent, ProjectEvent.id == TFTTestRunGroup.project_event_id)
        .where(of_owners)
        .options(
            load_only(
                TFTTestRunTarget.pipeline_id,
                TFTTestRunTarget.target,
                TFTTestRunTarget.status,
                TFTTestRunTarget.web_url,
                raiseload=True,
            )
        )
        .order_by(TFTTestRunTarget.id.desc()),
    )
    for owner_id, item in work.items():
        item.copr_builds = copr.get(owner_id, [])
        item.koji_builds = koji.get(owner_id, [])
        item.srpm_builds = srpm.get(owner_id, [])
        item.tests = tests.get(owner_id, [])
    return work


def list_project_prs(session: Session, name: ProjectName, window: Window) -> list[PullRequestWork]:
    """One page of a project's PRs, highest PR number first, with their work. Five statements."""
    prs = _page_of(
        session, PullRequest, PullRequest.project_id, name, window, PullRequest.pr_id.desc()
    )
    work = _triggered_work(session, ProjectEvent.pull_request_id, [pr.id for pr in prs])
    return [PullRequestWork(pr, work[pr.id]) for pr in prs]


def list_project_branches(session: Session, name: ProjectName, window: Window) -> list[BranchWork]:
    """One page of a project's branches, newest first, with their work. Five statements."""
    branches = _page_of(session, GitBranch, GitBranch.project_id, name, window, GitBranch.id.desc())
    work = _triggered_work(session, ProjectEvent.branch_id, [branch.id for branch in branches])
    return [BranchWork(branch, work[branch.id]) for branch in branches]


def list_project_releases(
    session: Session, name: ProjectName, window: Window
) -> list[ProjectRelease]:
    """One page of a project's releases, newest first."""
    return _page_of(
        session, ProjectRelease, ProjectRelease.project_id, name, window, ProjectRelease.id.desc()
    )


def list_project_issues(session: Session, name: ProjectName, window: Window) -> list[ProjectIssue]:
    """One page of a project's issues, newest first."""
    return _page_of(
        session, ProjectIssue, ProjectIssue.project_id, name, window, ProjectIssue.id.desc()
    )


# --- Core keyset pages for the v1 lists -------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    """Every field is optional; set fields are ANDed."""

    forge: str | None = None
    namespace: str | None = None
    repo_name: str | None = None


_PROJECT_ROWS = select(
    GitProject.id,
    GitProject.instance_url,
    GitProject.namespace,
    GitProject.repo_name,
    GitProject.project_url,
)


def project_rows(
    session: Session, keyset: Keyset, filters: ProjectFilters
) -> tuple[list[tuple[Row[Any], HandledCounts]], int | None]:
    """One keyset page of projects (by id) with their counts. Two statements: the page,
    then the four counts of the whole page in one grouped statement."""
    named = zip(
        (GitProject.instance_url, GitProject.namespace, GitProject.repo_name),
        (filters.forge, filters.namespace, filters.repo_name),
        strict=True,
    )
    where = [text_is(column, value) for column, value in named if value is not None]
    rows, next_after = fetch_page(session, keyset, where_all(_PROJECT_ROWS, where), GitProject.id)
    counts = _handled_counts(session, [row.id for row in rows])
    return [(row, counts.get(row.id, HandledCounts())) for row in rows], next_after


def project_id_of(session: Session, name: ProjectName) -> int:
    project_id = session.scalar(select(GitProject.id).where(*name.matches()))
    if project_id is None:
        raise NotFound(PROJECT_NOT_FOUND)
    return project_id


def _owned_rows(
    session: Session,
    name: ProjectName,
    keyset: Keyset,
    model: Any,
    *columns: InstrumentedAttribute[Any],
) -> tuple[list[Row[Any]], int | None]:
    """A keyset page (by id) of the ``model`` rows of one project; NotFound if unknown."""
    project_id = project_id_of(session, name)
    statement = select(model.id, *columns).where(model.project_id == project_id)
    return fetch_page(session, keyset, statement, model.id)


def project_pr_rows(
    session: Session, name: ProjectName, keyset: Keyset
) -> tuple[list[tuple[Row[Any], TriggeredWork]], int | None]:
    """A page of a project's PRs (``id``, ``pr_id``) with their work. Six statements."""
    rows, next_after = _owned_rows(session, name, keyset, PullRequest, PullRequest.pr_id)
    work = _triggered_work(session, ProjectEvent.pull_request_id, [row.id for row in rows])
    return [(row, work[row.id]) for row in rows], next_after


def project_branch_rows(
    session: Session, name: ProjectName, keyset: Keyset
) -> tuple[list[tuple[Row[Any], TriggeredWork]], int | None]:
    """A page of a project's branches (``id``, ``name``) with their work. Six statements."""
    rows, next_after = _owned_rows(session, name, keyset, GitBranch, GitBranch.name)
    work = _triggered_work(session, ProjectEvent.branch_id, [row.id for row in rows])
    return [(row, work[row.id]) for row in rows], next_after


def project_release_rows(
    session: Session, name: ProjectName, keyset: Keyset
) -> tuple[list[Row[Any]], int | None]:
    """A page of a project's releases (``id``, ``tag_name``, ``commit_hash``)."""
    return _owned_rows(
        session, name, keyset, ProjectRelease, ProjectRelease.tag_name, ProjectRelease.commit_hash
    )


def project_issue_rows(
    session: Session, name: ProjectName, keyset: Keyset
) -> tuple[list[Row[Any]], int | None]:
    """A page of a project's issues (``id``, ``issue_id``)."""
    return _owned_rows(session, name, keyset, ProjectIssue, ProjectIssue.issue_id)
