"""Git projects with what they handled; their PRs, branches, releases and issues.

Changes from the legacy shapes (each still carries the legacy information):
- projects gain ``id`` (the cursor key; lists are by id, not by namespace) and ``forge``;
  ``project_url`` → ``url``; ``prs_handled``/``branches_handled``/``releases_handled``/
  ``issues_handled`` → ``handled.prs``/``.branches``/``.releases``/``.issues``;
- every PR, branch, release, issue and build item gains its Packit ``id``; PRs and branches
  are listed by id (the legacy PR list is by PR number);
- ``builds`` → ``copr_builds``; a branch's ``branch`` → ``name``;
- SRPM builds' ``srpm_build_id`` → ``id``; their ``log_url`` (the dashboard's
  ``/jobs/srpm/<id>`` page) is dropped: it is built from ``id`` and the dashboard URL;
- issues are objects ``{id, issue_id}`` instead of bare issue numbers;
- an unknown project is a 404 for its sub-lists too (legacy: 200 with ``[]``).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import ProjectRead
from shared_db.models import BuildStatus, KojiBuildState, TestingFarmResult
from shared_db.queries.projects import HandledCounts, ProjectSummary, TriggeredWork


class HandledRead(Schema):
    """How many of the project's PRs, branches, releases and issues the service handled."""

    prs: int = Field(examples=[8])
    branches: int = Field(examples=[3])
    releases: int = Field(examples=[4])
    issues: int = Field(examples=[2])

    @classmethod
    def of(cls, counts: HandledCounts) -> HandledRead:
        return cls(
            prs=counts.prs,
            branches=counts.branches,
            releases=counts.releases,
            issues=counts.issues,
        )


class ProjectSummaryRead(ProjectRead):
    """A git project and how much of it the service handled."""

    id: int = Field(description="Packit id of the project", examples=[1])
    handled: HandledRead

    @classmethod
    def of_row(cls, row: Any, counts: HandledCounts) -> ProjectSummaryRead:
        """From a row of :func:`shared_db.queries.projects.project_rows`."""
        return cls(
            id=row.id,
            forge=row.instance_url,
            namespace=row.namespace,
            repo_name=row.repo_name,
            url=row.project_url,
            handled=HandledRead.of(counts),
        )

    @classmethod
    def of(cls, summary: ProjectSummary) -> ProjectSummaryRead:
        """From :func:`shared_db.queries.projects.get_project`."""
        return cls.of_row(summary.project, summary.handled)


class CoprBuildItemRead(Schema):
    """A Copr build (one chroot) an event of the PR or branch caused."""

    id: int = Field(description="Packit id of the chroot build (`/copr-builds/{id}`)")
    build_id: str = Field(description="Copr's build id", examples=["8123456"])
    chroot: str = Field(examples=["fedora-rawhide-x86_64"])
    status: BuildStatus
    web_url: str | None


class KojiBuildItemRead(Schema):
    """A Koji build an event of the PR or branch caused."""

    id: int = Field(description="Packit id of the Koji build (`/koji-builds/{id}`)")
    task_id: str | None = Field(examples=["123456789"])
    chroot: str = Field(description="Dist-git branch or Koji target", examples=["rawhide"])
    status: KojiBuildState
    web_url: str | None


class SRPMBuildItemRead(Schema):
    """An SRPM build an event of the PR or branch caused."""

    id: int = Field(description="Packit id of the SRPM build (`/srpm-builds/{id}`)")
    status: BuildStatus


class TestRunItemRead(Schema):
    """A Testing Farm run (one chroot) an event of the PR or branch caused."""

    __test__ = False  # not a pytest test class, whatever its name says

    id: int = Field(description="Packit id of the test run (`/testing-farm/{id}`)")
    pipeline_id: str | None = Field(description="Testing Farm's request id")
    chroot: str = Field(examples=["fedora-rawhide-x86_64"])
    status: TestingFarmResult
    web_url: str | None


class TriggeredWorkRead(Schema):
    """Everything the events of one PR or branch caused, newest first in each list."""

    copr_builds: list[CoprBuildItemRead]
    koji_builds: list[KojiBuildItemRead]
    srpm_builds: list[SRPMBuildItemRead]
    tests: list[TestRunItemRead]

    @staticmethod
    def fields_of(work: TriggeredWork) -> dict[str, Any]:
        return {
            "copr_builds": [
                CoprBuildItemRead(
                    id=b.id,
                    build_id=b.build_id,
                    chroot=b.target,
                    status=b.status,
                    web_url=b.web_url,
                )
                for b in work.copr_builds
            ],
            "koji_builds": [
                KojiBuildItemRead(
                    id=b.id, task_id=b.task_id, chroot=b.target, status=b.status, web_url=b.web_url
                )
                for b in work.koji_builds
            ],
            "srpm_builds": [SRPMBuildItemRead(id=b.id, status=b.status) for b in work.srpm_builds],
            "tests": [
                TestRunItemRead(
                    id=t.id,
                    pipeline_id=t.pipeline_id,
                    chroot=t.target,
                    status=t.status,
                    web_url=t.web_url,
                )
                for t in work.tests
            ],
        }


class PullRequestRead(TriggeredWorkRead):
    """A pull request of the project, with the work its events caused."""

    id: int = Field(description="Packit id of the pull request")
    pr_id: int = Field(description="The PR number on the forge", examples=[42])

    @classmethod
    def of_row(cls, row: Any, work: TriggeredWork) -> PullRequestRead:
        """From :func:`shared_db.queries.projects.project_pr_rows`."""
        return cls(id=row.id, pr_id=row.pr_id, **cls.fields_of(work))


class BranchRead(TriggeredWorkRead):
    """A branch of the project, with the work its pushes caused."""

    id: int = Field(description="Packit id of the branch")
    name: str = Field(examples=["main"])

    @classmethod
    def of_row(cls, row: Any, work: TriggeredWork) -> BranchRead:
        """From :func:`shared_db.queries.projects.project_branch_rows`."""
        return cls(id=row.id, name=row.name, **cls.fields_of(work))


class ReleaseRead(Schema):
    """A release of the project."""

    id: int = Field(description="Packit id of the release")
    tag_name: str = Field(examples=["v1.0.0"])
    commit_hash: str | None = Field(examples=["4b9c1d3e5f60718293a4b5c6d7e8f90112233445"])


class IssueRead(Schema):
    """An issue of the project."""

    id: int = Field(description="Packit id of the issue")
    issue_id: int = Field(description="The issue number on the forge", examples=[7])
