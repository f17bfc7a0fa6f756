"""Koji tag requests (twin of the legacy `/api/koji-tag-requests`)."""

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
from api_v1.schemas.koji_tag_requests import (
    KojiTagRequestDetailRead,
    KojiTagRequestGroupRead,
    KojiTagRequestRead,
)
from shared_db.queries import koji_tag_requests as queries
from shared_db.queries.filters import WorkFilters

router = resource_router("koji-tag-requests")


def _page(
    session: Session, params: PageParams, filters: WorkFilters, sidetag: str | None
) -> tuple[list[KojiTagRequestRead], int | None]:
    rows, next_after = queries.koji_tag_request_rows(
        session, params.keyset, filters, sidetag=sidetag
    )
    return [KojiTagRequestRead.of_row(row) for row in rows], next_after


@router.get("", response_model=Page[KojiTagRequestRead])
async def list_koji_tag_requests(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    target: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=128,
            description="The dist-git branch the request is for",
            examples=["f41"],
        ),
    ] = None,
    sidetag: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=255,
            description="The Koji sidetag tagged into",
            examples=["f41-build-side-12345"],
        ),
    ] = None,
) -> Page[KojiTagRequestRead]:
    """Requests to tag Koji builds into sidetags, newest first, filtered and paged by
    cursor."""
    work = filters.with_work(target=target)
    items, next_after = await uow.run(_page, page, work, sidetag)
    return page.of(items, next_after)


@router.get("/{id}", response_model=KojiTagRequestDetailRead, responses=NOT_FOUND)
async def read_koji_tag_request(uow: UnitOfWorkDep, id: Id) -> KojiTagRequestDetailRead:
    """One Koji tag request, with the runs it is part of."""
    return await uow.run(lambda s: KojiTagRequestDetailRead.of(queries.get_koji_tag_request(s, id)))


@router.get("/groups/{id}", response_model=KojiTagRequestGroupRead, responses=NOT_FOUND)
async def read_koji_tag_request_group(uow: UnitOfWorkDep, id: Id) -> KojiTagRequestGroupRead:
    """One group of Koji tag requests: those one event's job made."""
    return await uow.run(
        lambda s: KojiTagRequestGroupRead.of(queries.get_koji_tag_request_group(s, id))
    )
