"""Runs (pipelines) and merged runs: the runs that share one SRPM build, shown as one.

A run without an SRPM build is a merged run of its own. A merged run is named by its
lowest pipeline id (its "head"), which the database marks ``Pipeline.merged_head`` on
every write (triggers of migration 0007). Both stacks read merged runs the same way, in
Core rows: the heads (with SRPM build and trigger), then one UNION ALL of every job target
of the page's runs (Copr, Koji, tests, Bodhi, release syncs, VM images; the runs found
once, in a CTE), assembled by :func:`_merged_of_rows`. A legacy page (by offset) first
finds its head ids on the ``(merged_head, id)`` index, so it costs three statements; a v1
keyset page two (its heads walk the same index); one merged run three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    func,
    literal_column,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased, joinedload

from shared_db.errors import NotFound
from shared_db.models import (
    BodhiUpdateStatus,
    BodhiUpdateTarget,
    BuildStatus,
    CoprBuildTarget,
    KojiBuildState,
    KojiBuildTarget,
    Pipeline,
    SRPMBuild,
    SyncReleaseRun,
    SyncReleaseTarget,
    SyncReleaseTargetStatus,
    TestingFarmResult,
    TFTTestRunTarget,
    VMImageBuildStatus,
    VMImageBuildTarget,
)
from shared_db.queries.events import (
    TRIGGER_COLUMNS,
    Trigger,
    join_trigger,
    trigger_from_row,
    trigger_of,
    with_trigger,
)
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import (
    Keyset,
    Window,
    core_connection,
    fetch_page,
    in_page_order,
    where_all,
)

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


# A run with its SRPM build and trigger: what a merged run shows of its head.
_RUN_ROWS = join_trigger(
    select(
        Pipeline.id,
        Pipeline.created_at,
        Pipeline.srpm_build_id,
        SRPMBuild.status.label("srpm_status"),
        SRPMBuild.submitted_time.label("srpm_submitted_time"),
        *TRIGGER_COLUMNS,
    ).outerjoin(SRPMBuild, SRPMBuild.id == Pipeline.srpm_build_id),
    Pipeline.project_event_id,
)
# A head: no run with a lower id shares its SRPM build (always one without), marked by the
# database on every write (Pipeline.merged_head), so heads are a walk of one index.
_HEAD_ROWS = _RUN_ROWS.where(Pipeline.merged_head == true())
# The legacy page's head ids, built once (as the merged Copr list's page is).
_HEADS_PAGE = (
    select(Pipeline.id)
    .where(Pipeline.merged_head == true())
    .order_by(Pipeline.id.desc())
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)

# The job kinds in the order the reference dates a merged run without an SRPM build.
_DATING_ORDER = (
    "copr",
    "koji",
    "test_run",
    "bodhi_update",
    "propose_downstream",
    "pull_from_upstream",
    "vm_image_build",
)
_STATUS_TYPES: dict[str, type[StrEnum]] = {
    "copr": BuildStatus,
    "koji": KojiBuildState,
    "test_run": TestingFarmResult,
    "bodhi_update": BodhiUpdateStatus,
    "propose_downstream": SyncReleaseTargetStatus,
    "pull_from_upstream": SyncReleaseTargetStatus,
    "vm_image_build": VMImageBuildStatus,
}


# The runs of a page: its heads by id, the rest of their merged runs by SRPM build. Found
# once (a CTE that several branches read is materialized on PostgreSQL), then every branch
# joins its few rows to its job table: with the runs table in each branch, PostgreSQL
# walked the sync, Bodhi and VM image indexes of the whole table to merge join them (10 ms
# of a deep page's 20).
_PAGE_RUNS = (
    select(
        Pipeline.id,
        Pipeline.srpm_build_id,
        Pipeline.copr_build_group_id,
        Pipeline.koji_build_group_id,
        Pipeline.test_run_group_id,
        Pipeline.bodhi_update_group_id,
        Pipeline.sync_release_run_id,
        Pipeline.vm_image_build_id,
    )
    .where(
        Pipeline.id.in_(bindparam("head_ids", expanding=True))
        | Pipeline.srpm_build_id.in_(bindparam("srpm_ids", expanding=True))
    )
    .cte("page_runs")
)
_P = _PAGE_RUNS.c


def _branch(kind: str | ColumnElement[str], *columns: Any) -> Select[Any]:
    """One kind of job of a page's runs, with the union's columns: kind, run, group (the
    sync; the VM build), target id, name, status, submitted."""
    group, target_id, target, status, submitted = columns
    return select(
        (literal_column(f"'{kind}'", String) if isinstance(kind, str) else kind).label("kind"),
        _P.id.label("run_id"),
        _P.srpm_build_id.label("run_srpm_build_id"),
        group.label("group_id"),
        target_id.label("id"),
        target.label("target"),
        type_coerce(status, String).label("status"),
        submitted.label("submitted"),
    ).select_from(_PAGE_RUNS)


_C, _K, _T, _B = CoprBuildTarget, KojiBuildTarget, TFTTestRunTarget, BodhiUpdateTarget
_R, _S, _V = SyncReleaseRun, SyncReleaseTarget, VMImageBuildTarget
_JOB_ROWS = union_all(
    _branch("copr", _C.group_id, _C.id, _C.target, _C.status, _C.submitted_time)
    .join(_C, _C.group_id == _P.copr_build_group_id)
    .where(_C.status != BuildStatus.waiting_for_srpm),
    _branch("koji", _K.group_id, _K.id, _K.target, _K.status, _K.submitted_time).join(
        _K, _K.group_id == _P.koji_build_group_id
    ),
    _branch("test_run", _T.group_id, _T.id, _T.target, _T.status, _T.submitted_time).join(
        _T, _T.group_id == _P.test_run_group_id
    ),
    _branch("bodhi_update", _B.group_id, _B.id, _B.target, _B.status, _B.submitted_time).join(
        _B, _B.group_id == _P.bodhi_update_group_id
    ),
    _branch(type_coerce(_R.job_type, String), _R.id, _S.id, _S.branch, _S.status, _R.submitted_time)
    .join(_R, _R.id == _P.sync_release_run_id)
    .outerjoin(_S, _S.sync_release_run_id == _R.id),
    _branch("vm_image_build", _V.id, _V.id, _V.target, _V.status, _V.submitted_time).join(
        _V, _V.id == _P.vm_image_build_id
    ),
)

# A row of _JOB_ROWS, read by position: kind, run id, the run's SRPM build id, group id
# (the sync run; the VM build), target id, target, status, submitted.
_JobRow = Row[*tuple[Any, ...]]


def merged_run_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[MergedRun], int | None]:
    """One keyset page of merged runs (by head id) and the id to continue after.

    Two statements (one when the page is empty): the heads with SRPM build and trigger,
    then every job target of the page's runs. The trigger filters apply to the head's
    event, the submitted range to the head's ``created_at``.
    """
    statement = where_all(_HEAD_ROWS, work_conditions(filters, submitted=Pipeline.created_at))
    heads, next_after = fetch_page(session, keyset, statement, Pipeline.id)
    return _merged_runs(session, heads), next_after


def list_merged_runs(session: Session, window: Window) -> list[MergedRun]:
    """One page of merged runs, newest first (the legacy list: pages by offset).

    Walks the ``(merged_head, id)`` index downwards to find the page's head ids (one
    narrow entry per merged run above it, never a GROUP BY of the table), then reads those
    heads and their jobs.
    """
    head_ids = list(session.scalars(_HEADS_PAGE, {"offset": window.offset, "limit": window.limit}))
    if not head_ids:
        return []
    heads = session.execute(_RUN_ROWS.where(Pipeline.id.in_(head_ids))).all()
    return _merged_runs(session, in_page_order(list(heads), head_ids))


def get_merged_run(session: Session, run_id: int) -> MergedRun:
    """The merged run that run ``run_id`` belongs to (normally named by it)."""
    earlier = aliased(Pipeline)
    lowest_sharing_srpm = (
        select(func.min(earlier.id))
        .where(earlier.srpm_build_id == Pipeline.srpm_build_id)
        .scalar_subquery()
    )
    head_id = session.scalar(
        select(func.coalesce(lowest_sharing_srpm, Pipeline.id)).where(Pipeline.id == run_id)
    )
    if head_id is None:
        raise NotFound(RUN_NOT_FOUND)
    head = session.execute(_RUN_ROWS.where(Pipeline.id == head_id)).one()
    (merged,) = _merged_runs(session, [head])
    return merged


def _merged_runs(session: Session, heads: list[Row[Any]]) -> list[MergedRun]:
    """The merged runs of ``heads`` (rows of ``_RUN_ROWS``), in that order."""
    if not heads:
        return []
    head_of_srpm: dict[int | None, int] = {
        h.srpm_build_id: h.id for h in heads if h.srpm_build_id is not None
    }
    jobs: dict[int, list[_JobRow]] = {head.id: [] for head in heads}
    params = {"head_ids": list(jobs), "srpm_ids": list(head_of_srpm)}
    # Rows read by position: a page reads several per run, and a Row's attribute access
    # costs several times its unpacking.
    rows = list(core_connection(session).execute(_JOB_ROWS, params).all())
    # By run, then target: the order in which the reference lists a merged run's jobs.
    rows.sort(key=lambda r: (r[1], r[4] or 0))
    for row in rows:
        run_id: int = row[1]
        jobs[head_of_srpm.get(row[2], run_id)].append(row)
    return [_merged_of_rows(head, jobs[head.id]) for head in heads]


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


def _merged_of_rows(head: Row[Any], rows: list[_JobRow]) -> MergedRun:
    """A merged run from its head row and its job rows (sorted by run, then target)."""
    jobs: dict[str, list[JobState]] = {kind: [] for kind in JOB_KINDS}
    first_time: dict[str, datetime] = {}
    seen: set[tuple[str, int]] = set()
    sync_id = None
    for kind, _, _, group_id, target_id, target, status, submitted in rows:
        if kind in ("propose_downstream", "pull_from_upstream"):
            sync_id = group_id if sync_id is None else sync_id
            if group_id != sync_id:  # like the reference, only the first run's sync
                continue
        first_time.setdefault(kind, submitted)
        if target_id is None or (kind, target_id) in seen:
            continue
        seen.add((kind, target_id))
        jobs[kind].append(JobState(target_id, target, _STATUS_TYPES[kind](status)))
    if head.srpm_build_id is not None:
        submitted = head.srpm_submitted_time
        srpm = SRPMState(head.srpm_build_id, head.srpm_status)
    else:
        dated = (first_time[kind] for kind in _DATING_ORDER if kind in first_time)
        submitted, srpm = next(dated, head.created_at), None
    return MergedRun(
        merged_run_id=head.id,
        trigger=trigger_from_row(head._mapping),
        time_submitted=submitted,
        srpm=srpm,
        jobs=jobs,
    )
