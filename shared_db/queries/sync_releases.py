"""Release syncs (propose downstream, pull from upstream): the list of runs, one target.

Both legacy namespaces serve the same rows, split by :class:`SyncReleaseJobType`; every
function here takes the job type, so one implementation serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import (
    SyncReleaseJobType,
    SyncReleasePullRequest,
    SyncReleaseRun,
    SyncReleaseTarget,
)
from shared_db.queries.events import (
    TRIGGER_COLUMNS,
    Trigger,
    join_trigger,
    trigger_of,
    with_trigger,
)
from shared_db.queries.filters import WorkFilters, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

TARGET_NOT_FOUND = {
    SyncReleaseJobType.propose_downstream: "No info about propose downstream target stored in DB",
    SyncReleaseJobType.pull_from_upstream: "No info about pull from upstream target stored in DB",
}


@dataclass(frozen=True, slots=True)
class SyncReleaseSummary:
    """One sync of a release, its branches (``targets``, oldest first) and its trigger."""

    run: SyncReleaseRun
    trigger: Trigger
    targets: list[SyncReleaseTarget]


@dataclass(frozen=True, slots=True)
class SyncReleaseTargetDetail:
    """One branch of a sync, its downstream pull requests (oldest first) and the trigger."""

    target: SyncReleaseTarget
    trigger: Trigger
    pull_requests: list[SyncReleasePullRequest]


def list_sync_releases(
    session: Session, job_type: SyncReleaseJobType, window: Window
) -> list[SyncReleaseSummary]:
    """One page of syncs of ``job_type``, newest first. Three statements.

    The page's ids come from the (job_type, id) index alone; the wide rows follow.
    """
    ids = page_ids(session, SyncReleaseRun.id, window, SyncReleaseRun.job_type == job_type)
    if not ids:
        return []
    runs = session.scalars(
        select(SyncReleaseRun)
        .where(SyncReleaseRun.id.in_(ids))
        .options(
            with_trigger(joinedload(SyncReleaseRun.project_event)),
            selectinload(SyncReleaseRun.targets).load_only(
                SyncReleaseTarget.id, SyncReleaseTarget.branch, SyncReleaseTarget.status
            ),
        )
    ).all()
    return [
        SyncReleaseSummary(
            run=run,
            trigger=trigger_of(run.project_event),
            targets=sorted(run.targets, key=lambda target: target.id),
        )
        for run in in_page_order(list(runs), ids)
    ]


def get_sync_release_target(
    session: Session, job_type: SyncReleaseJobType, target_id: int
) -> SyncReleaseTargetDetail:
    """One target of a sync of ``job_type``; a target of the other job type is unknown here."""
    target = session.scalar(
        select(SyncReleaseTarget)
        .where(SyncReleaseTarget.id == target_id)
        .options(
            with_trigger(
                joinedload(SyncReleaseTarget.sync_release_run).joinedload(
                    SyncReleaseRun.project_event
                )
            ),
            selectinload(SyncReleaseTarget.pull_requests).joinedload(
                SyncReleasePullRequest.project
            ),
        )
    )
    if target is None or target.sync_release_run.job_type != job_type:
        raise NotFound(TARGET_NOT_FOUND[job_type])
    return SyncReleaseTargetDetail(
        target=target,
        trigger=trigger_of(target.sync_release_run.project_event),
        pull_requests=sorted(target.pull_requests, key=lambda pr: pr.id),
    )


# --- Core rows for the v1 lists: two statements per page (the syncs, then their targets).

_SYNC_ROWS = join_trigger(
    select(
        SyncReleaseRun.id,
        SyncReleaseRun.status,
        SyncReleaseRun.submitted_time,
        *TRIGGER_COLUMNS,
    ).where(SyncReleaseRun.job_type == bindparam("job_type")),
    SyncReleaseRun.project_event_id,
)
_TARGET_ROWS = (
    select(
        SyncReleaseTarget.id,
        SyncReleaseTarget.sync_release_run_id,
        SyncReleaseTarget.branch,
        SyncReleaseTarget.status,
    )
    .where(SyncReleaseTarget.sync_release_run_id.in_(bindparam("run_ids", expanding=True)))
    .order_by(SyncReleaseTarget.id)
)


@dataclass(frozen=True, slots=True)
class SyncReleaseRows:
    """One page of syncs: Core rows (the sync's columns and TRIGGER_COLUMNS), the
    targets of each (oldest first, by sync id), and the id to continue after."""

    rows: list[Row[Any]]
    targets: dict[int, list[Any]]
    next_after: int | None


def sync_release_rows(
    session: Session, job_type: SyncReleaseJobType, keyset: Keyset, filters: WorkFilters
) -> SyncReleaseRows:
    """One keyset page of syncs of ``job_type`` with their triggers and targets.

    Two statements (one when the page is empty): the syncs, then the targets of the
    whole page. ``filters.status`` applies to the sync, the submitted range to its
    submission time; ``filters.target`` is ignored.
    """
    statement = where_all(
        _SYNC_ROWS,
        work_conditions(
            filters, status=SyncReleaseRun.status, submitted=SyncReleaseRun.submitted_time
        ),
    )
    rows, next_after = fetch_page(
        session, keyset, statement, SyncReleaseRun.id, {"job_type": job_type}
    )
    targets: dict[int, list[Any]] = {row.id: [] for row in rows}
    if rows:
        for target in session.execute(_TARGET_ROWS, {"run_ids": list(targets)}):
            targets[target.sync_release_run_id].append(target)
    return SyncReleaseRows(rows, targets, next_after)
