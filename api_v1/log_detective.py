"""Log Detective analyses (twin of the legacy `/api/log-detective`)."""

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
from api_v1.schemas.log_detective import LogDetectiveGroupRead, LogDetectiveRunRead
from shared_db.models import BuildSystem, LogDetectiveResult
from shared_db.queries import log_detective as queries
from shared_db.queries.filters import WorkFilters

router = resource_router("log-detective")


def _page(
    session: Session, params: PageParams, filters: WorkFilters, build_system: BuildSystem | None
) -> tuple[list[LogDetectiveRunRead], int | None]:
    rows, run_ids, next_after = queries.log_detective_rows(
        session, params.keyset, filters, build_system
    )
    items = [LogDetectiveRunRead.of_row(row, run_ids.get(row.group_id, [])) for row in rows]
    return items, next_after


@router.get("", response_model=Page[LogDetectiveRunRead])
async def list_log_detective_runs(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[LogDetectiveResult | None, Query(description="Analysis result")] = None,
    chroot: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=128,
            description="Chroot of the analysed build",
            examples=["fedora-rawhide-x86_64"],
        ),
    ] = None,
    build_system: Annotated[
        BuildSystem | None, Query(description="Build system of the analysed build")
    ] = None,
) -> Page[LogDetectiveRunRead]:
    """Log Detective analyses of failed builds, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status, target=chroot)
    items, next_after = await uow.run(_page, page, work, build_system)
    return page.of(items, next_after)


@router.get("/{id}", response_model=LogDetectiveRunRead, responses=NOT_FOUND)
async def read_log_detective_run(uow: UnitOfWorkDep, id: Id) -> LogDetectiveRunRead:
    """One Log Detective analysis of a failed build, with its group's runs."""
    return await uow.run(lambda s: LogDetectiveRunRead.of(queries.get_log_detective_run(s, id)))


@router.get("/groups/{id}", response_model=LogDetectiveGroupRead, responses=NOT_FOUND)
async def read_log_detective_group(uow: UnitOfWorkDep, id: Id) -> LogDetectiveGroupRead:
    """One group of Log Detective analyses: those of one event's Log Detective job."""
    return await uow.run(lambda s: LogDetectiveGroupRead.of(queries.get_log_detective_group(s, id)))
