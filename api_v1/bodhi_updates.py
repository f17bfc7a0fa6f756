"""Bodhi updates (twin of the legacy `/api/bodhi-updates`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.filters import FiltersDep
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import NO_NUL, Id
from api_v1.router import resource_router
from api_v1.schemas.bodhi_updates import (
    BodhiUpdateDetailRead,
    BodhiUpdateGroupRead,
    BodhiUpdateRead,
)
from shared_db.models import BodhiUpdateStatus
from shared_db.queries import bodhi_updates as queries
from shared_db.queries.filters import WorkFilters

router = resource_router("bodhi-updates")


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[BodhiUpdateRead], int | None]:
    rows, next_after = queries.bodhi_update_rows(session, params.keyset, filters)
    return [BodhiUpdateRead.of_row(row) for row in rows], next_after


@router.get("", response_model=Page[BodhiUpdateRead])
async def list_bodhi_updates(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[BodhiUpdateStatus | None, Query(description="Update status")] = None,
    branch: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=128,
            description="Dist-git branch",
            examples=["f41"],
        ),
    ] = None,
) -> Page[BodhiUpdateRead]:
    """Bodhi updates, one per dist-git branch, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status, target=branch)
    items, next_after = await uow.run(_page, page, work)
    return page.of(items, next_after)


@router.get("/{id}", response_model=BodhiUpdateDetailRead, responses=NOT_FOUND)
async def read_bodhi_update(uow: UnitOfWorkDep, id: Id) -> BodhiUpdateDetailRead:
    """One Bodhi update for one dist-git branch, with its runs and error message."""
    return await uow.run(lambda s: BodhiUpdateDetailRead.of(queries.get_bodhi_update(s, id)))


@router.get("/groups/{id}", response_model=BodhiUpdateGroupRead, responses=NOT_FOUND)
async def read_bodhi_update_group(uow: UnitOfWorkDep, id: Id) -> BodhiUpdateGroupRead:
    """One group of Bodhi updates: the per-branch updates of one event's Bodhi job."""
    return await uow.run(lambda s: BodhiUpdateGroupRead.of(queries.get_bodhi_update_group(s, id)))
