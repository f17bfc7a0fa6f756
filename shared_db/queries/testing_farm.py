"""Testing Farm runs: the list, one run, one group, and recording a result notification.

Testing Farm announces news about one of its requests by posting the request's id
(``request_id``, stored here as a target's ``pipeline_id``). A notification may also
carry the request's details in Testing Farm's own shape (``state``, ``result.overall``,
``run.artifacts``); :func:`record_notification` applies what it carries to the matching
run in-process (no queue). Notifications are answered the same way whatever they match,
as the reference does: acknowledging one never depends on the database's contents.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import (
    CoprBuildTarget,
    KojiBuildTarget,
    Pipeline,
    TestingFarmResult,
    TFTTestRunGroup,
    TFTTestRunTarget,
)
from shared_db.queries.events import (
    TRIGGER_COLUMNS,
    Trigger,
    join_trigger,
    trigger_of,
    with_trigger,
)
from shared_db.queries.filters import WorkFilters, storable, work_conditions
from shared_db.queries.pages import Keyset, Window, fetch_page, in_page_order, page_ids, where_all

logger = logging.getLogger(__name__)

WEB_URL_LENGTH = 512  # tft_test_run_targets.web_url
RUN_NOT_FOUND = "No info about build stored in DB"
GROUP_NOT_FOUND = "No info about group stored in DB"

# Testing Farm's request states after which ``result.overall`` holds the verdict.
END_STATES = frozenset({"complete", "error"})
IN_PROGRESS = frozenset(
    {TestingFarmResult.new, TestingFarmResult.queued, TestingFarmResult.running}
)
FINISHED = frozenset(
    {
        TestingFarmResult.passed,
        TestingFarmResult.failed,
        TestingFarmResult.skipped,
        TestingFarmResult.error,
        TestingFarmResult.complete,
        TestingFarmResult.canceled,
        TestingFarmResult.needs_inspection,
    }
)


@dataclass(frozen=True, slots=True)
class ListedTestRun:
    run: TFTTestRunTarget
    trigger: Trigger


def list_test_runs(session: Session, window: Window) -> list[ListedTestRun]:
    """One page of test run targets, newest first, with their triggers. Two statements."""
    ids = page_ids(session, TFTTestRunTarget.id.expression, window)
    if not ids:
        return []
    runs = session.scalars(
        select(TFTTestRunTarget)
        .where(TFTTestRunTarget.id.in_(ids))
        .options(
            with_trigger(
                joinedload(TFTTestRunTarget.group).joinedload(TFTTestRunGroup.project_event)
            )
        )
    ).all()
    return [
        ListedTestRun(run=run, trigger=trigger_of(run.group.project_event))
        for run in in_page_order(list(runs), ids)
    ]


def get_test_run(session: Session, run_id: int) -> TFTTestRunTarget:
    """One test run target with its trigger, tested builds and runs (ids only)."""
    run = session.scalar(
        select(TFTTestRunTarget)
        .where(TFTTestRunTarget.id == run_id)
        .options(
            with_trigger(
                joinedload(TFTTestRunTarget.group).joinedload(TFTTestRunGroup.project_event)
            ),
            joinedload(TFTTestRunTarget.group)
            .selectinload(TFTTestRunGroup.pipelines)
            .load_only(Pipeline.id),
            selectinload(TFTTestRunTarget.copr_builds).load_only(CoprBuildTarget.id),
            selectinload(TFTTestRunTarget.koji_builds).load_only(KojiBuildTarget.id),
        )
    )
    if run is None:
        raise NotFound(RUN_NOT_FOUND)
    return run


def get_test_run_group(session: Session, group_id: int) -> TFTTestRunGroup:
    """One test run group with its trigger, runs and target ids."""
    group = session.scalar(
        select(TFTTestRunGroup)
        .where(TFTTestRunGroup.id == group_id)
        .options(
            with_trigger(joinedload(TFTTestRunGroup.project_event)),
            selectinload(TFTTestRunGroup.pipelines).load_only(Pipeline.id),
            selectinload(TFTTestRunGroup.targets).load_only(TFTTestRunTarget.id),
        )
    )
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


# --- Core rows for the v1 list: one statement per page, no ORM objects.

_RUN_ROWS = join_trigger(
    select(
        TFTTestRunTarget.id,
        TFTTestRunTarget.group_id,
        TFTTestRunTarget.pipeline_id,
        TFTTestRunTarget.target,
        TFTTestRunTarget.status,
        TFTTestRunTarget.web_url,
        TFTTestRunTarget.submitted_time,
        *TRIGGER_COLUMNS,
    ).join(TFTTestRunGroup, TFTTestRunGroup.id == TFTTestRunTarget.group_id),
    TFTTestRunGroup.project_event_id,
)


def tft_run_rows(
    session: Session, keyset: Keyset, filters: WorkFilters
) -> tuple[list[Row[Any]], int | None]:
    """One keyset page of test run targets with their triggers, in one statement.

    Rows carry the target's columns and :data:`TRIGGER_COLUMNS`; the second value is the
    id to continue after, None on the last page.
    """
    statement = where_all(
        _RUN_ROWS,
        work_conditions(
            filters,
            status=TFTTestRunTarget.status,
            target=TFTTestRunTarget.target,
            submitted=TFTTestRunTarget.submitted_time,
        ),
    )
    return fetch_page(session, keyset, statement, TFTTestRunTarget.id)


# --- Result notifications

REJECT_UNCONFIGURED = "Testing farm secret not specified in config"
REJECT_MISSING = "The notification doesn't contain any token"
REJECT_WRONG = "Invalid testing farm secret provided"


def token_problem(secret: str | None, payload: Mapping[str, Any]) -> str | None:
    """Why the notification's ``token`` does not authenticate it, or None when it does.

    No configured secret rejects every notification. Compared in constant time.
    """
    if not secret:
        return REJECT_UNCONFIGURED
    token = payload.get("token")
    if not token:
        return REJECT_MISSING
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), secret.encode()):
        return REJECT_WRONG
    return None


class Outcome(StrEnum):
    """What a notification did (the answer to Testing Farm is the same for all)."""

    recorded = "recorded"  # the run's status and/or web URL changed
    unchanged = "unchanged"  # nothing new, or a stale in-progress state after the end
    unknown_pipeline = "unknown_pipeline"  # no run has this pipeline id: nothing stored
    no_request_id = "no_request_id"  # nothing to match: ignored


@dataclass(frozen=True, slots=True)
class Notification:
    """The parts of a notification body this service understands."""

    pipeline_id: str
    result: TestingFarmResult | None  # None: the body tells no state
    web_url: str | None


def _text(value: Any) -> str | None:
    """A non-empty string the database can hold; anything else tells nothing (a NUL
    character, which JSON can carry as ``\u0000``, names no pipeline and no URL)."""
    return value if isinstance(value, str) and value and storable(value) else None


def _nested(payload: Mapping[str, Any], outer: str, inner: str) -> str | None:
    block = payload.get(outer)
    return _text(block.get(inner)) if isinstance(block, Mapping) else None


def _fitting(value: str | None, length: int) -> str | None:
    """``value`` when its column can hold it; a longer one is no usable URL anyway."""
    return value if value is not None and len(value) <= length else None


def result_of(state: str | None, overall: str | None) -> TestingFarmResult | None:
    """The run's status from Testing Farm's request ``state`` and ``result.overall``.

    Before the request ends its state is the status; at the end (``complete`` or
    ``error``) the overall result is, when there is one. Words this service does not know
    become ``unknown``.
    """
    word = state if state not in END_STATES else (overall or state)
    if word is None:
        word = overall
    if word is None:
        return None
    try:
        return TestingFarmResult(word)
    except ValueError:
        return TestingFarmResult.unknown


def parse_notification(payload: Mapping[str, Any]) -> Notification | None:
    """The notification in ``payload``, or None when it names no request."""
    pipeline_id = _text(payload.get("request_id"))
    if pipeline_id is None:
        return None
    return Notification(
        pipeline_id=pipeline_id,
        result=result_of(_text(payload.get("state")), _nested(payload, "result", "overall")),
        web_url=_fitting(_nested(payload, "run", "artifacts"), WEB_URL_LENGTH),
    )


def record_notification(session: Session, payload: Mapping[str, Any]) -> Outcome:
    """Apply an authenticated notification to the run it names (flushes only).

    An unknown pipeline id is logged and ignored: Testing Farm also runs requests that
    this service did not submit, and retrying the notification would not make it known.
    A finished run keeps its final status when a late in-progress state arrives.
    """
    notification = parse_notification(payload)
    if notification is None:
        logger.info("Testing Farm notification without a request id ignored")
        return Outcome.no_request_id
    run = session.scalar(
        select(TFTTestRunTarget)
        .where(TFTTestRunTarget.pipeline_id == notification.pipeline_id)
        .order_by(TFTTestRunTarget.id.desc())
        .limit(1)
    )
    if run is None:
        logger.warning(
            "Testing Farm notification for unknown pipeline %s", notification.pipeline_id
        )
        return Outcome.unknown_pipeline
    changed = False
    result = notification.result
    stale = result in IN_PROGRESS and run.status in FINISHED
    if result is not None and result != run.status and not stale:
        run.status = result
        changed = True
    if notification.web_url is not None and notification.web_url != run.web_url:
        run.web_url = notification.web_url
        changed = True
    if not changed:
        return Outcome.unchanged
    session.flush()
    return Outcome.recorded
