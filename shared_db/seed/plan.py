"""The shape of the demo data: how many rows of what, decided before any row is written.

Every decision that changes a row count comes from a hash of (seed, index), not from the
random stream, so ``planned_rows`` can count exactly without generating the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from shared_db.models import (
    BuildStatus,
    ProjectEventType,
    SyncReleaseJobType,
    SyncReleaseTargetStatus,
)

PRS_PER_PROJECT = 8
BRANCHES = ("main", "develop", "release-1.x")
RELEASES_PER_PROJECT = 4
ISSUES_PER_PROJECT = 2
VERSIONS_PER_ANITYA = 4
USAGE_REPORTS = ("past-day", "past-week", "past-month", "past-year", "total")

# 16 slots, so four hash bits pick one: mostly successes, some of everything else.
COPR_STATUSES = (
    (BuildStatus.success,) * 10
    + (BuildStatus.failure,) * 2
    + (BuildStatus.pending, BuildStatus.error, BuildStatus.canceled, BuildStatus.retry)
)
SYNC_TARGET_STATUSES = (
    (SyncReleaseTargetStatus.submitted,) * 4
    + (SyncReleaseTargetStatus.skipped, SyncReleaseTargetStatus.error)
    + (SyncReleaseTargetStatus.queued, SyncReleaseTargetStatus.running)
)
SYNC_KINDS = (
    (ProjectEventType.release, SyncReleaseJobType.propose_downstream),
    (ProjectEventType.anitya_version, SyncReleaseJobType.pull_from_upstream),
    (ProjectEventType.issue, SyncReleaseJobType.propose_downstream),
    (ProjectEventType.release, SyncReleaseJobType.propose_downstream),
    (ProjectEventType.release, SyncReleaseJobType.propose_downstream),
)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def mix(seed: int, index: int, stream: int = 0) -> int:
    """splitmix64 of (seed, stream, index): 64 well-spread bits."""
    z = (seed * 0x9E3779B97F4A7C15 + stream * 0xBF58476D1CE4E5B9 + index) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


@dataclass(frozen=True, slots=True)
class Sizes:
    builds: int
    projects: int  # upstream git projects
    dist_git: int  # downstream projects, where sync releases open pull requests
    anitya: int
    sync_runs: int
    allowlist: int
    installations: int
    deliveries: int

    @classmethod
    def for_builds(cls, builds: int) -> Sizes:
        projects = _clamp(builds // 50, 6, 2_000)
        return cls(
            builds=builds,
            projects=projects,
            dist_git=_clamp(projects // 2, 3, 1_000),
            anitya=_clamp(builds // 2_000, 2, 200),
            sync_runs=_clamp(builds // 100, 3, 20_000),
            allowlist=_clamp(projects // 2, 4, 1_000),
            installations=_clamp(projects // 5, 2, 400),
            deliveries=_clamp(builds // 10, 4, 100_000),
        )


@dataclass(frozen=True, slots=True)
class BuildEvent:
    """One upstream event that caused an SRPM build, Copr builds and maybe more."""

    index: int
    kind: ProjectEventType  # pull_request, branch_push or release
    project: int  # 0-based upstream project index
    first_copr: int  # how many Copr targets came before this event's
    copr_statuses: tuple[BuildStatus, ...]
    srpm_failed: bool
    tests: bool
    koji_targets: int
    log_detective: bool  # analyse the first failed Copr target
    scan: bool
    vm_image: bool
    tag_request: bool
    bodhi_targets: int


@dataclass(frozen=True, slots=True)
class SyncRun:
    index: int
    kind: ProjectEventType
    job_type: SyncReleaseJobType
    target_statuses: tuple[SyncReleaseTargetStatus, ...]

    @property
    def downstream_prs(self) -> int:
        return sum(s is SyncReleaseTargetStatus.submitted for s in self.target_statuses)


def build_events(seed: int, sizes: Sizes) -> Iterator[BuildEvent]:
    emitted = index = 0
    while emitted < sizes.builds:
        h = mix(seed, index, stream=1)
        first = index == 0  # the first event has a bit of everything, for small seeds
        kind = (
            (ProjectEventType.release, ProjectEventType.pull_request, ProjectEventType.branch_push)[
                index
            ]
            if index < 3
            else ProjectEventType.pull_request
            if h % 100 < 60
            else ProjectEventType.branch_push
            if h % 100 < 85
            else ProjectEventType.release
        )
        count = min(1 + (h >> 8) % 4, sizes.builds - emitted)
        srpm_failed = not first and (h >> 12) % 40 == 0
        if srpm_failed:
            statuses: tuple[BuildStatus, ...] = (BuildStatus.waiting_for_srpm,) * count
        else:
            statuses = tuple(COPR_STATUSES[(h >> (16 + 4 * t)) & 15] for t in range(count))
        if first:
            statuses = (BuildStatus.failure, *statuses[1:])
        not_pr = kind is not ProjectEventType.pull_request
        yield BuildEvent(
            index=index,
            kind=kind,
            project=(h >> 32) % sizes.projects,
            first_copr=emitted,
            copr_statuses=statuses,
            srpm_failed=srpm_failed,
            tests=first or (not srpm_failed and (h >> 40) & 1 == 1),
            koji_targets=(1 + (h >> 43) % 2) if first or (h >> 41) % 4 == 0 else 0,
            log_detective=BuildStatus.failure in statuses and (first or (h >> 44) & 1 == 1),
            scan=first or (h >> 45) % 8 == 0,
            vm_image=first or (h >> 48) % 50 == 0,
            tag_request=not_pr and (first or (h >> 50) % 10 == 0),
            bodhi_targets=(1 + (h >> 58) % 2) if not_pr and (first or (h >> 54) % 6 == 0) else 0,
        )
        emitted += count
        index += 1


def sync_runs(seed: int, sizes: Sizes) -> Iterator[SyncRun]:
    for index in range(sizes.sync_runs):
        h = mix(seed, index, stream=2)
        kind, job_type = SYNC_KINDS[index % len(SYNC_KINDS)]
        targets = 1 + h % 3
        statuses = tuple(SYNC_TARGET_STATUSES[(h >> (8 + 3 * t)) & 7] for t in range(targets))
        yield SyncRun(index, kind, job_type, statuses)


def count_rows(seed: int, builds: int) -> dict[str, int]:
    sizes = Sizes.for_builds(builds)
    rows: Counter[str] = Counter()
    rows["git_projects"] = sizes.projects + sizes.dist_git
    rows["pull_requests"] = sizes.projects * PRS_PER_PROJECT
    rows["git_branches"] = sizes.projects * len(BRANCHES)
    rows["project_releases"] = sizes.projects * RELEASES_PER_PROJECT
    rows["project_issues"] = sizes.projects * ISSUES_PER_PROJECT
    rows["anitya_projects"] = sizes.anitya
    rows["anitya_versions"] = sizes.anitya * VERSIONS_PER_ANITYA
    for event in build_events(seed, sizes):
        copr = len(event.copr_statuses)
        rows.update(
            project_events=1,
            srpm_builds=1,
            copr_build_groups=1,
            copr_build_targets=copr,
            pipelines=1 + (event.koji_targets > 0),
        )
        if event.tests:
            rows.update(
                tft_test_run_groups=1, tft_test_run_targets=copr, tft_test_run_copr_builds=copr
            )
        if event.koji_targets:
            rows.update(koji_build_groups=1, koji_build_targets=event.koji_targets)
            if event.tests:
                rows.update(tft_test_run_koji_builds=1)
        if event.log_detective:
            rows.update(log_detective_run_groups=1, log_detective_runs=1)
        rows.update(
            osh_scans=event.scan,
            vm_image_build_targets=event.vm_image,
            koji_tag_request_groups=event.tag_request,
            koji_tag_request_targets=event.tag_request,
            bodhi_update_groups=event.bodhi_targets > 0,
            bodhi_update_targets=event.bodhi_targets,
        )
    for run in sync_runs(seed, sizes):
        targets = len(run.target_statuses)
        rows.update(
            project_events=1,
            pipelines=1,
            sync_release_runs=1,
            sync_release_targets=targets,
            sync_release_pull_requests=run.downstream_prs,
            sync_release_target_pull_requests=run.downstream_prs,
        )
    rows["allowlist"] = sizes.allowlist
    rows["github_installations"] = sizes.installations
    rows["github_installation_repositories"] = sum(1 + k % 3 for k in range(sizes.installations))
    rows["webhook_deliveries"] = sizes.deliveries
    rows["usage_reports"] = len(USAGE_REPORTS)
    return {table: count for table, count in rows.items() if count}
