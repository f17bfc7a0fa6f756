"""Rows of the demo data, written through a BulkWriter in parents-first order."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table

from shared_db.models import (
    AllowlistStatus,
    BuildStatus,
    ProjectEventType,
    SyncReleaseStatus,
    SyncReleaseTargetStatus,
    UsageReportStatus,
)
from shared_db.models import admin as a
from shared_db.models import builds as b
from shared_db.models import pipelines as pl
from shared_db.models import projects as p
from shared_db.models import releases as r
from shared_db.models import tests as t
from shared_db.seed import vocabulary as v
from shared_db.seed.plan import (
    BRANCHES,
    ISSUES_PER_PROJECT,
    PRS_PER_PROJECT,
    RELEASES_PER_PROJECT,
    USAGE_REPORTS,
    VERSIONS_PER_ANITYA,
    Sizes,
    SyncRun,
)
from shared_db.seed.writer import BulkWriter, Row

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)  # fixed, so the same seed gives the same rows
SPAN = timedelta(days=270)
NOT_STARTED = {BuildStatus.pending, BuildStatus.waiting_for_srpm}
UNFINISHED = NOT_STARTED | {BuildStatus.retry}

T: dict[str, Table] = {
    name: cast(Table, model.__table__)
    for name, model in {
        "project": p.GitProject,
        "anitya": p.AnityaProject,
        "pr": p.PullRequest,
        "branch": p.GitBranch,
        "release": p.ProjectRelease,
        "issue": p.ProjectIssue,
        "version": p.AnityaVersion,
        "event": p.ProjectEvent,
        "srpm": b.SRPMBuild,
        "copr_group": b.CoprBuildGroup,
        "copr": b.CoprBuildTarget,
        "koji_group": b.KojiBuildGroup,
        "koji": b.KojiBuildTarget,
        "tag_group": b.KojiTagRequestGroup,
        "tag": b.KojiTagRequestTarget,
        "vm": b.VMImageBuildTarget,
        "tft_group": t.TFTTestRunGroup,
        "tft": t.TFTTestRunTarget,
        "ld_group": t.LogDetectiveRunGroup,
        "ld": t.LogDetectiveRun,
        "scan": t.OSHScan,
        "sync": r.SyncReleaseRun,
        "sync_target": r.SyncReleaseTarget,
        "sync_pr": r.SyncReleasePullRequest,
        "bodhi_group": r.BodhiUpdateGroup,
        "bodhi": r.BodhiUpdateTarget,
        "pipeline": pl.Pipeline,
        "installation": a.GithubInstallation,
        "allowlist": a.AllowlistEntry,
        "delivery": a.WebhookDelivery,
        "usage": a.UsageReport,
    }.items()
}
PIPELINE_LINKS = (
    "srpm_build_id",
    "copr_build_group_id",
    "koji_build_group_id",
    "koji_tag_request_group_id",
    "test_run_group_id",
    "sync_release_run_id",
    "bodhi_update_group_id",
    "log_detective_run_group_id",
    "vm_image_build_id",
)


def project_name(index: int) -> tuple[str, str, str]:
    """(forge, namespace, repo) of upstream project ``index``; unique for every index."""
    forge = v.FORGES[index % 4]
    namespace = v.NAMESPACES[(index // 4) % 10]
    repo = v.REPOS[(index // 40) % 20]
    if index >= 800:
        repo = f"{repo}-{index // 800}"
    return forge, namespace, repo


class RowMaker:
    def __init__(self, writer: BulkWriter, sizes: Sizes, seed: int) -> None:
        self.w = writer
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.koji_tasks = 0

    # small helpers -------------------------------------------------------------------
    def at(self, position: float) -> datetime:
        jitter = timedelta(seconds=self.rng.randrange(3_600))
        return ANCHOR - SPAN * (1 - position) + jitter

    def later(self, moment: datetime, low: int, high: int) -> datetime:
        return moment + timedelta(seconds=self.rng.randrange(low, high))

    def sha(self) -> str:
        return f"{self.rng.getrandbits(160):040x}"

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, **row: Any) -> int:
        return self.w.add(T[table], row)

    # projects and their triggers -------------------------------------------------------
    def projects(self) -> None:
        for index in range(self.sizes.projects):
            forge, namespace, repo = project_name(index)
            self.add(
                "project",
                instance_url=forge,
                namespace=namespace,
                repo_name=repo,
                project_url=f"https://{forge}/{namespace}/{repo}",
            )
        for index in range(self.sizes.dist_git):
            package = self.package(index)
            self.add(
                "project",
                instance_url=v.DIST_GIT,
                namespace="rpms",
                repo_name=package,
                project_url=f"https://{v.DIST_GIT}/rpms/{package}",
            )
        for index in range(self.sizes.projects):
            self.triggers(index)
        for index in range(self.sizes.anitya):
            package = self.package(index)
            self.add("anitya", project_id=5_000 + 37 * index, project_name=package, package=package)
        for index in range(self.sizes.anitya):
            for j in range(VERSIONS_PER_ANITYA):
                self.add(
                    "version",
                    version=f"{1 + index % 3}.{j}.{index % 7}",
                    anitya_project_id=index + 1,
                )

    def package(self, index: int) -> str:
        name = f"python-{v.REPOS[index % 20]}" if index % 3 == 0 else v.REPOS[index % 20]
        return name if index < 20 else f"{name}{index // 20}"

    def triggers(self, index: int) -> None:
        project_id = index + 1
        for j in range(PRS_PER_PROJECT):
            self.add("pr", pr_id=10 + 7 * j + index % 5, project_id=project_id)
        for name in BRANCHES:
            self.add("branch", name=name, project_id=project_id)
        for j in range(RELEASES_PER_PROJECT):
            tag = f"v{index % 5}.{j}.0"
            self.add("release", tag_name=tag, commit_hash=self.sha(), project_id=project_id)
        for j in range(ISSUES_PER_PROJECT):
            self.add("issue", issue_id=1 + 3 * j + index % 3, project_id=project_id)

    def event(self, kind: ProjectEventType, project: int, moment: datetime) -> int:
        links = dict.fromkeys(
            ("pull_request_id", "branch_id", "release_id", "issue_id", "anitya_version_id")
        )
        if kind is ProjectEventType.anitya_version:
            anitya = project % self.sizes.anitya
            links["anitya_version_id"] = anitya * VERSIONS_PER_ANITYA + self.rng.randrange(4) + 1
            project_id, anitya_id = None, anitya + 1
        else:
            project_id, anitya_id = project + 1, None
            per, key = {
                ProjectEventType.pull_request: (PRS_PER_PROJECT, "pull_request_id"),
                ProjectEventType.branch_push: (len(BRANCHES), "branch_id"),
                ProjectEventType.release: (RELEASES_PER_PROJECT, "release_id"),
                ProjectEventType.issue: (ISSUES_PER_PROJECT, "issue_id"),
            }[kind]
            links[key] = project * per + self.rng.randrange(per) + 1
        return self.add(
            "event",
            type=kind,
            commit_sha=self.sha(),
            created_at=moment,
            project_id=project_id,
            anitya_project_id=anitya_id,
            **links,
        )

    def pipeline(self, event_id: int, moment: datetime, package: str, **links: int | None) -> None:
        row: Row = dict.fromkeys(PIPELINE_LINKS)
        row.update(links)
        self.add(
            "pipeline", created_at=moment, package_name=package, project_event_id=event_id, **row
        )

    # admin tables ------------------------------------------------------------------------
    def admin(self) -> None:
        statuses = tuple(AllowlistStatus)
        for k in range(self.sizes.allowlist):
            status = statuses[k % len(statuses)]
            suffix = "" if k < 10 else f"-{k // 10}"
            self.add(
                "allowlist",
                namespace=f"{v.FORGES[k % 4]}/{v.NAMESPACES[k % 10]}{suffix}",
                status=status,
                fas_account=f"packager{k}" if "approved" in status.value else None,
            )
        for k in range(self.sizes.installations):
            login = f"{v.NAMESPACES[k % 10]}{'' if k < 10 else k // 10}"
            installation = self.add(
                "installation",
                account_login=login,
                account_id=10_000 + k,
                account_url=f"https://github.com/{login}",
                account_type="Organization" if k % 4 else "User",
                sender_id=20_000 + k,
                sender_login=f"admin-{login}",
                created_at=self.at(k / self.sizes.installations),
            )
            for j in range(1 + k % 3):
                project_id = (3 * k + j) % self.sizes.projects + 1
                self.w.add(
                    a.installation_repositories,
                    {"installation_id": installation, "project_id": project_id},
                )
        for k in range(self.sizes.deliveries):
            github = k % 3 != 2
            event_type = self.rng.choice(v.GITHUB_EVENTS if github else v.GITLAB_EVENTS)
            payload = {"action": "opened", "repository": project_name(k % self.sizes.projects)}
            self.add(
                "delivery",
                forge="github" if github else "gitlab",
                delivery_id=self.uuid(),
                event_type=event_type,
                payload=json.dumps(payload),
                received_at=self.at(k / self.sizes.deliveries),
            )
        # Reports asked for but still being computed: a finished one is only ever what the
        # report code itself stored, never a made-up shape.
        for k, kind in enumerate(USAGE_REPORTS):
            self.add(
                "usage",
                kind=kind,
                parameters={"top": 5},
                status=UsageReportStatus.running,
                result=None,
                error=None,
                created_at=self.at(0.9 + k / 100),
                finished_at=None,
            )

    # sync releases --------------------------------------------------------------------------
    def sync_run(self, run: SyncRun) -> None:
        moment = self.at(run.index / self.sizes.sync_runs)
        project = self.rng.randrange(self.sizes.projects)
        event_id = self.event(run.kind, project, moment)
        statuses = run.target_statuses
        status = (
            SyncReleaseStatus.error
            if SyncReleaseTargetStatus.error in statuses
            else SyncReleaseStatus.running
            if {SyncReleaseTargetStatus.queued, SyncReleaseTargetStatus.running} & set(statuses)
            else SyncReleaseStatus.finished
        )
        sync_id = self.add(
            "sync",
            status=status,
            job_type=run.job_type,
            submitted_time=moment,
            project_event_id=event_id,
        )
        package = self.package(project % self.sizes.dist_git)
        for index, target_status in enumerate(statuses):
            started = target_status is not SyncReleaseTargetStatus.queued
            done = started and target_status is not SyncReleaseTargetStatus.running
            start = self.later(moment, 5, 120)
            target = self.add(
                "sync_target",
                sync_release_run_id=sync_id,
                branch=v.DIST_GIT_BRANCHES[index],
                status=target_status,
                submitted_time=moment,
                start_time=start if started else None,
                finished_time=self.later(start, 60, 900) if done else None,
                logs=f"Syncing {package} to {v.DIST_GIT_BRANCHES[index]}…\n" if started else None,
            )
            if target_status is SyncReleaseTargetStatus.submitted:
                pr_id = self.rng.randrange(1, 400)
                pr = self.add(
                    "sync_pr",
                    pr_id=pr_id,
                    target_branch=v.DIST_GIT_BRANCHES[index],
                    is_fast_forward=index > 0,
                    url=f"https://{v.DIST_GIT}/rpms/{package}/pull-request/{pr_id}",
                    project_id=self.sizes.projects + project % self.sizes.dist_git + 1,
                )
                self.w.add(
                    r.sync_release_target_pull_requests,
                    {"sync_release_target_id": target, "sync_release_pull_request_id": pr},
                )
        self.pipeline(event_id, moment, package, sync_release_run_id=sync_id)
