"""Testing Farm runs (twin of the legacy `/api/testing-farm`) and result notifications.

A notification is verified and recorded by the same shared code as the legacy route
(:func:`shared_db.queries.testing_farm.token_problem` and
:func:`~shared_db.queries.testing_farm.record_notification`); only the rendering differs.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.filters import FiltersDep
from api_v1.openapi import error_doc
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import NO_NUL, Id
from api_v1.router import resource_router
from api_v1.schemas.testing_farm import (
    ACCEPTED,
    NotificationAcceptedRead,
    ResultNotification,
    TFTRunDetailRead,
    TFTRunGroupRead,
    TFTRunRead,
)
from api_v1.state import V1ConfigDep
from shared_db.errors import Unauthorized
from shared_db.models import TestingFarmResult
from shared_db.queries import testing_farm as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import row_dicts

logger = logging.getLogger(__name__)

router = resource_router("testing-farm")


NOTIFICATION_ERRORS: dict[int | str, dict[str, Any]] = {
    # FastAPI answers a body that is not UTF-8 text with a 400 before validation.
    400: error_doc(400, "400", "There was an error parsing the body", "The body is not UTF-8 text"),
    401: error_doc(
        401, "unauthorized", queries.REJECT_WRONG, "The token is missing, wrong or not configured"
    ),
}


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[TFTRunRead], int | None]:
    rows, next_after = queries.tft_run_rows(session, params.keyset, filters)
    return [TFTRunRead.of_row(r) for r in row_dicts(rows)], next_after


@router.get("/results", response_model=Page[TFTRunRead])
async def list_test_runs(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[
        TestingFarmResult | None, Query(description="Test result", examples=["failed"])
    ] = None,
    chroot: Annotated[
        str | None,
        Query(min_length=1, pattern=NO_NUL, max_length=128, examples=["fedora-rawhide-x86_64"]),
    ] = None,
) -> Page[TFTRunRead]:
    """Test runs, one per chroot, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status, target=chroot)
    items, next_after = await uow.run(_page, page, work)
    return page.of(items, next_after)


@router.post("/results", response_model=NotificationAcceptedRead, responses=NOTIFICATION_ERRORS)
async def notify_test_results(
    uow: UnitOfWorkDep, config: V1ConfigDep, notification: ResultNotification
) -> NotificationAcceptedRead:
    """Testing Farm's notification about one of its requests, authenticated by `token`.

    The state and artifacts URL it carries are recorded on the test run whose
    `pipeline_id` is `request_id`. The answer is the same whatever the notification
    matched (an unknown request id is accepted and changes nothing).
    """
    secret = config.testing_farm_secret
    payload = notification.payload()
    problem = queries.token_problem(None if secret is None else secret.get_secret_value(), payload)
    if problem is not None:
        logger.info("testing-farm/results rejected: %s", problem)
        raise Unauthorized(problem)
    outcome = await uow.run(queries.record_notification, payload)
    logger.debug("testing-farm/results: %s", outcome.value)
    return NotificationAcceptedRead(message=ACCEPTED)


@router.get("/{id}", response_model=TFTRunDetailRead, responses=NOT_FOUND)
async def read_test_run(uow: UnitOfWorkDep, id: Id) -> TFTRunDetailRead:
    """One test run, with the builds it tested and the runs it is part of."""
    return await uow.run(lambda s: TFTRunDetailRead.of(queries.get_test_run(s, id)))


@router.get("/groups/{id}", response_model=TFTRunGroupRead, responses=NOT_FOUND)
async def read_test_run_group(uow: UnitOfWorkDep, id: Id) -> TFTRunGroupRead:
    """One group of test runs: the chroot runs of one event's test job."""
    return await uow.run(lambda s: TFTRunGroupRead.of(queries.get_test_run_group(s, id)))
