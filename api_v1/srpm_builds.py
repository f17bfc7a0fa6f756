"""SRPM builds (twin of the legacy `/api/srpm-builds`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.filters import FiltersDep
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import Id
from api_v1.router import resource_router
from api_v1.schemas.srpm_builds import SRPMBuildDetailRead, SRPMBuildRead
from shared_db.models import BuildStatus
from shared_db.queries import srpm_builds as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import row_dicts

router = resource_router("srpm-builds")


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[SRPMBuildRead], int | None]:
    rows, next_after = queries.srpm_build_rows(session, params.keyset, filters)
    return [SRPMBuildRead.of_row(r) for r in row_dicts(rows)], next_after


@router.get("", response_model=Page[SRPMBuildRead])
async def list_srpm_builds(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[
        BuildStatus | None, Query(description="Build status", examples=["failure"])
    ] = None,
) -> Page[SRPMBuildRead]:
    """SRPM builds, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status)
    items, next_after = await uow.run(_page, page, work)
    return page.of(items, next_after)


@router.get("/{id}", response_model=SRPMBuildDetailRead, responses=NOT_FOUND)
async def read_srpm_build(uow: UnitOfWorkDep, id: Id) -> SRPMBuildDetailRead:
    """One SRPM build, with its log text and the runs it is part of."""
    return await uow.run(lambda s: SRPMBuildDetailRead.of(queries.get_srpm_build(s, id)))
