"""Runs (pipelines) and merged runs: the runs that share one SRPM build, shown as one.

A run without an SRPM build is a merged run of its own. A merged run is named by its
lowest pipeline id (its "head"). A page of merged runs costs at most eight statements,
whatever its size: the heads, the member runs (with SRPM build and trigger), and one
statement per kind of job (Copr, Koji, tests, Bodhi, release syncs, VM images). The v1
list (:func:`shared_db.queries.run_rows.merged_run_rows`, Core rows, keyset pages) costs
two: the heads, then one UNION ALL of every job of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ColumnElement,
    exists,
    func,
    not_,
    select,
)
from sqlalchemy.orm import Session, aliased, joinedload

from shared_db.errors import NotFound
from shared_db.models import (
    BodhiUpdateTarget,
    BuildStatus,
    CoprBuildTarget,
    KojiBuildTarget,
    Pipeline,
    SRPMBuild,
    SyncReleaseJobType,
    SyncReleaseRun,
    SyncReleaseTarget,
    TFTTestRunTarget,
    VMImageBuildTarget,
)
from shared_db.queries.events import (
    Trigger,
    trigger_of,
    with_trigger,
)
from shared_db.queries.pages import Window

RUN_NOT_FOUND = "No run has been found in DB"

JOB_KINDS = (
    "copr",
    "koji",
    "test_run",
    "propose_downstream",
    "pull_from_upstream",
    "bodhi_update",
    "vm_image_build",
)

# The job kinds that come in groups of targets, and the run's column naming the group.
GROUP_COLUMNS = (
    ("copr", "copr_build_group_id"),
    ("koji", "koji_build_group_id"),
    ("test_run", "test_run_group_id"),
    ("bodhi_update", "bodhi_update_group_id"),
)

GroupedTarget = (
    type[CoprBuildTarget] | type[KojiBuildTarget] | type[TFTTestRunTarget] | type[BodhiUpdateTarget]
)


@dataclass(frozen=True, slots=True)
class JobState:
    """One target of a job: ``target`` is its chroot or branch."""

    packit_id: int
    target: str
    status: StrEnum


@dataclass(frozen=True, slots=True)
class SRPMState:
    packit_id: int
    status: BuildStatus


@dataclass(frozen=True, slots=True)
class MergedRun:
    """Everything the runs of one SRPM build did.

    ``jobs`` has every kind of :data:`JOB_KINDS`, each list oldest target first.
    """

    merged_run_id: int
    trigger: Trigger
    time_submitted: datetime
    srpm: SRPMState | None
    jobs: dict[str, list[JobState]]


@dataclass(frozen=True, slots=True)
class _Timed:
    """A job target and when it was submitted."""

    state: JobState
    submitted: datetime


@dataclass(frozen=True, slots=True)
class _Head:
    """The lowest run of a merged run, and the SRPM build its runs share."""

    id: int
    srpm_build_id: int | None


@dataclass(frozen=True, slots=True)
class _Sync:
    job_type: SyncReleaseJobType
    submitted: datetime
    targets: list[JobState]


def is_head(pipeline: type[Pipeline]) -> ColumnElement[bool]:
    """No run with a lower id shares this run's SRPM build (always true without one)."""
    earlier = aliased(Pipeline)
    return not_(
        exists().where(
            earlier.srpm_build_id == pipeline.srpm_build_id,
            earlier.id < pipeline.id,
        )
    )


def _heads_page(session: Session, window: Window) -> list[_Head]:
    """The page's merged runs (head id and SRPM build), newest first.

    Walks the primary key downwards and probes the srpm_build_id index once per row:
    the cost follows the page's depth in index entries, never a GROUP BY of the table.
    """
    statement = (
        select(Pipeline.id, Pipeline.srpm_build_id)
        .where(is_head(Pipeline))
        .order_by(Pipeline.id.desc())
        .offset(window.offset)
        .limit(window.limit)
    )
    return [_Head(row.id, row.srpm_build_id) for row in session.execute(statement)]


def list_merged_runs(session: Session, window: Window) -> list[MergedRun]:
    """One page of merged runs, newest first."""
    return _merged_runs(session, _heads_page(session, window))


def get_merged_run(session: Session, run_id: int) -> MergedRun:
    """The merged run that run ``run_id`` belongs to (normally named by it)."""
    earlier = aliased(Pipeline)
    lowest_sharing_srpm = (
        select(func.min(earlier.id))
        .where(earlier.srpm_build_id == Pipeline.srpm_build_id)
        .scalar_subquery()
    )
    head = session.execute(
        select(
            func.coalesce(lowest_sharing_srpm, Pipeline.id).label("id"), Pipeline.srpm_build_id
        ).where(Pipeline.id == run_id)
    ).one_or_none()
    if head is None:
        raise NotFound(RUN_NOT_FOUND)
    (merged,) = _merged_runs(session, [_Head(head.id, head.srpm_build_id)])
    return merged


def get_run(session: Session, run_id: int) -> tuple[Pipeline, Trigger]:
    """One run (pipeline) and the event that started it."""
    run = session.scalar(
        select(Pipeline)
        .where(Pipeline.id == run_id)
        .options(with_trigger(joinedload(Pipeline.project_event)))
    )
    if run is None:
        raise NotFound(RUN_NOT_FOUND)
    return run, trigger_of(run.project_event)


def _merged_runs(session: Session, heads: list[_Head]) -> list[MergedRun]:
    """The merged runs of ``heads``, in that order."""
    if not heads:
        return []
    # Two index lookups (ids, SRPM builds) the database ORs together.
    members = session.scalars(
        select(Pipeline)
        .where(
            Pipeline.id.in_([head.id for head in heads])
            | Pipeline.srpm_build_id.in_(_unique(head.srpm_build_id for head in heads))
        )
        .options(
            joinedload(Pipeline.srpm_build).load_only(
                SRPMBuild.id, SRPMBuild.status, SRPMBuild.submitted_time
            ),
            with_trigger(joinedload(Pipeline.project_event)),
        )
        .order_by(Pipeline.id)
    ).all()
    groups: dict[int, list[Pipeline]] = {}
    head_of_srpm: dict[int, int] = {}
    for run in members:  # ascending ids: a head comes before the rest of its group
        head = (
            run.id
            if run.srpm_build_id is None
            else head_of_srpm.setdefault(run.srpm_build_id, run.id)
        )
        groups.setdefault(head, []).append(run)
    jobs = _Jobs.load(session, list(members))
    return [jobs.merged(groups[head.id]) for head in heads if head.id in groups]


def _unique(values: Iterable[int | None]) -> list[int]:
    return list(dict.fromkeys(value for value in values if value is not None))


def _by_group(
    session: Session, model: GroupedTarget, group_ids: list[int], *where: ColumnElement[bool]
) -> dict[int, list[_Timed]]:
    """The targets of ``group_ids``, oldest first, per group: one statement (none if empty)."""
    found: dict[int, list[_Timed]] = {}
    if not group_ids:
        return found
    rows = session.execute(
        select(model.id, model.group_id, model.target, model.status, model.submitted_time)
        .where(model.group_id.in_(group_ids), *where)
        .order_by(model.id)
    )
    for row in rows:
        state = JobState(row.id, row.target, row.status)
        found.setdefault(row.group_id, []).append(_Timed(state, row.submitted_time))
    return found


def _syncs(session: Session, sync_ids: list[int]) -> dict[int, _Sync]:
    """Per release sync: its job type, submission time and branches, in one statement."""
    found: dict[int, _Sync] = {}
    if not sync_ids:
        return found
    rows = session.execute(
        select(
            SyncReleaseRun.id.label("run_id"),
            SyncReleaseRun.job_type,
            SyncReleaseRun.submitted_time,
            SyncReleaseTarget.id,
            SyncReleaseTarget.branch,
            SyncReleaseTarget.status,
        )
        .outerjoin(SyncReleaseRun.targets)
        .where(SyncReleaseRun.id.in_(sync_ids))
        .order_by(SyncReleaseRun.id, SyncReleaseTarget.id)
    )
    for row in rows:
        sync = found.setdefault(row.run_id, _Sync(row.job_type, row.submitted_time, []))
        if row.id is not None:
            sync.targets.append(JobState(row.id, row.branch, row.status))
    return found


def _vm_images(session: Session, build_ids: list[int]) -> dict[int, _Timed]:
    if not build_ids:
        return {}
    rows = session.execute(
        select(
            VMImageBuildTarget.id,
            VMImageBuildTarget.target,
            VMImageBuildTarget.status,
            VMImageBuildTarget.submitted_time,
        ).where(VMImageBuildTarget.id.in_(build_ids))
    )
    return {
        row.id: _Timed(JobState(row.id, row.target, row.status), row.submitted_time) for row in rows
    }


@dataclass(frozen=True, slots=True)
class _Jobs:
    """The job targets of a page's runs: per group (by kind), release sync and VM image."""

    groups: dict[str, dict[int, list[_Timed]]]
    syncs: dict[int, _Sync]
    vm_images: dict[int, _Timed]

    @classmethod
    def load(cls, session: Session, runs: list[Pipeline]) -> _Jobs:
        def ids(column: str) -> list[int]:
            return _unique(getattr(run, column) for run in runs)

        return cls(
            groups={
                "copr": _by_group(
                    session,
                    CoprBuildTarget,
                    ids("copr_build_group_id"),
                    CoprBuildTarget.status != BuildStatus.waiting_for_srpm,
                ),
                "koji": _by_group(session, KojiBuildTarget, ids("koji_build_group_id")),
                "test_run": _by_group(session, TFTTestRunTarget, ids("test_run_group_id")),
                "bodhi_update": _by_group(session, BodhiUpdateTarget, ids("bodhi_update_group_id")),
            },
            syncs=_syncs(session, ids("sync_release_run_id")),
            vm_images=_vm_images(session, ids("vm_image_build_id")),
        )

    def merged(self, runs: list[Pipeline]) -> MergedRun:
        """The merged run of ``runs`` (ascending ids, the head first)."""
        head = runs[0]
        jobs: dict[str, list[JobState]] = {kind: [] for kind in JOB_KINDS}
        # Without an SRPM build, the reference dates a merged run by its first job:
        # the first target of a Copr/Koji/test/Bodhi group, then the sync, then VM images.
        first_times: list[datetime] = []
        for kind, column in GROUP_COLUMNS:
            for group_id in _unique(getattr(run, column) for run in runs):
                targets = self.groups[kind].get(group_id, [])
                jobs[kind].extend(target.state for target in targets)
                first_times.extend(target.submitted for target in targets[:1])
        # Like the reference, a merged run shows one release sync: its first run's.
        sync_ids = _unique(run.sync_release_run_id for run in runs)
        if sync_ids and (sync := self.syncs.get(sync_ids[0])) is not None:
            jobs[sync.job_type.value].extend(sync.targets)
            first_times.append(sync.submitted)
        for build_id in _unique(run.vm_image_build_id for run in runs):
            if (vm_image := self.vm_images.get(build_id)) is not None:
                jobs["vm_image_build"].append(vm_image.state)
                first_times.append(vm_image.submitted)
        srpm = head.srpm_build
        if srpm is not None:
            submitted = srpm.submitted_time
        else:
            submitted = first_times[0] if first_times else head.created_at
        return MergedRun(
            merged_run_id=head.id,
            trigger=trigger_of(head.project_event),
            time_submitted=submitted,
            srpm=None if srpm is None else SRPMState(srpm.id, srpm.status),
            jobs=jobs,
        )
