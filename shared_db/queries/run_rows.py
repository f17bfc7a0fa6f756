"""Merged runs as Core rows, for the v1 list: two statements per keyset page.

The heads (with SRPM build and trigger), then one UNION ALL of every job target of the
page's runs; read into the same :class:`~shared_db.queries.runs.MergedRun` the legacy
queries build from loaded runs.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    literal_column,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

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
from shared_db.queries.events import TRIGGER_COLUMNS, join_trigger, trigger_from_row
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, fetch_page, where_all
from shared_db.queries.runs import JOB_KINDS, JobState, MergedRun, SRPMState, is_head

_HEAD_ROWS = join_trigger(
    select(
        Pipeline.id,
        Pipeline.created_at,
        Pipeline.srpm_build_id,
        SRPMBuild.status.label("srpm_status"),
        SRPMBuild.submitted_time.label("srpm_submitted_time"),
        *TRIGGER_COLUMNS,
    )
    .outerjoin(SRPMBuild, SRPMBuild.id == Pipeline.srpm_build_id)
    .where(is_head(Pipeline)),
    Pipeline.project_event_id,
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


def _branch(kind: str | ColumnElement[str], *columns: Any) -> Select[Any]:
    """One kind of job of a page's runs (heads by id, the rest by SRPM build), with the
    union's columns: kind, run, group (the sync; the VM build), target id, name, status,
    submitted."""
    group, target_id, target, status, submitted = columns
    return select(
        (literal_column(f"'{kind}'", String) if isinstance(kind, str) else kind).label("kind"),
        Pipeline.id.label("run_id"),
        Pipeline.srpm_build_id.label("run_srpm_build_id"),
        group.label("group_id"),
        target_id.label("id"),
        target.label("target"),
        type_coerce(status, String).label("status"),
        submitted.label("submitted"),
    ).where(
        Pipeline.id.in_(bindparam("head_ids", expanding=True))
        | Pipeline.srpm_build_id.in_(bindparam("srpm_ids", expanding=True))
    )


_C, _K, _T, _B = CoprBuildTarget, KojiBuildTarget, TFTTestRunTarget, BodhiUpdateTarget
_R, _S, _V = SyncReleaseRun, SyncReleaseTarget, VMImageBuildTarget
_JOB_ROWS = union_all(
    _branch("copr", _C.group_id, _C.id, _C.target, _C.status, _C.submitted_time)
    .join(_C, _C.group_id == Pipeline.copr_build_group_id)
    .where(_C.status != BuildStatus.waiting_for_srpm),
    _branch("koji", _K.group_id, _K.id, _K.target, _K.status, _K.submitted_time).join(
        _K, _K.group_id == Pipeline.koji_build_group_id
    ),
    _branch("test_run", _T.group_id, _T.id, _T.target, _T.status, _T.submitted_time).join(
        _T, _T.group_id == Pipeline.test_run_group_id
    ),
    _branch("bodhi_update", _B.group_id, _B.id, _B.target, _B.status, _B.submitted_time).join(
        _B, _B.group_id == Pipeline.bodhi_update_group_id
    ),
    _branch(type_coerce(_R.job_type, String), _R.id, _S.id, _S.branch, _S.status, _R.submitted_time)
    .join(_R, _R.id == Pipeline.sync_release_run_id)
    .outerjoin(_S, _S.sync_release_run_id == _R.id),
    _branch("vm_image_build", _V.id, _V.id, _V.target, _V.status, _V.submitted_time).join(
        _V, _V.id == Pipeline.vm_image_build_id
    ),
)


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
    if not heads:
        return [], next_after
    head_of_srpm = {h.srpm_build_id: h.id for h in heads if h.srpm_build_id is not None}
    jobs: dict[int, list[Row[Any]]] = {head.id: [] for head in heads}
    params = {"head_ids": list(jobs), "srpm_ids": list(head_of_srpm)}
    # By run, then target: the order in which the reference lists a merged run's jobs.
    for row in sorted(session.execute(_JOB_ROWS, params), key=lambda r: (r.run_id, r.id or 0)):
        jobs[head_of_srpm.get(row.run_srpm_build_id, row.run_id)].append(row)
    return [_merged_of_rows(head, jobs[head.id]) for head in heads], next_after


def _merged_of_rows(head: Row[Any], rows: list[Row[Any]]) -> MergedRun:
    """A merged run from its head row and its job rows (sorted by run, then target),
    as :meth:`_Jobs.merged` makes it from loaded runs."""
    jobs: dict[str, list[JobState]] = {kind: [] for kind in JOB_KINDS}
    first_time: dict[str, datetime] = {}
    seen: set[tuple[str, int]] = set()
    sync_id = None
    for row in rows:
        if row.kind in ("propose_downstream", "pull_from_upstream"):
            sync_id = row.group_id if sync_id is None else sync_id
            if row.group_id != sync_id:  # like the reference, only the first run's sync
                continue
        first_time.setdefault(row.kind, row.submitted)
        if row.id is None or (row.kind, row.id) in seen:
            continue
        seen.add((row.kind, row.id))
        status = _STATUS_TYPES[row.kind](row.status)
        jobs[row.kind].append(JobState(row.id, row.target, status))
    if head.srpm_build_id is not None:
        submitted = head.srpm_submitted_time
        srpm = SRPMState(head.srpm_build_id, head.srpm_status)
    else:
        dated = (first_time[kind] for kind in _DATING_ORDER if kind in first_time)
        submitted, srpm = next(dated, head.created_at), None
    return MergedRun(
        merged_run_id=head.id,
        trigger=trigger_from_row(head),
        time_submitted=submitted,
        srpm=srpm,
        jobs=jobs,
    )
