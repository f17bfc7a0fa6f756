"""Runs (pipelines) and merged runs (twin of the legacy `/api/runs`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.filters import FiltersDep
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import MAX_ID
from api_v1.router import resource_router
from api_v1.schemas.runs import MergedRunRead, RunRead
from shared_db.queries import runs as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.runs import merged_run_rows

router = resource_router("runs")

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Packit id of the run")]


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[MergedRunRead], int | None]:
    runs, next_after = merged_run_rows(session, params.keyset, filters)
    return [MergedRunRead.of(run) for run in runs], next_after


@router.get("", response_model=Page[MergedRunRead])
async def list_runs(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
) -> Page[MergedRunRead]:
    """Merged runs (the runs of one SRPM build as one), newest first, paged by cursor on
    the merged run id. The project and trigger filters apply to the event of its first
    run; `submitted_after`/`submitted_before` to the time its first run was created."""
    items, next_after = await uow.run(_page, page, filters.with_work())
    return page.of(items, next_after)


@router.get("/merged/{id}", response_model=MergedRunRead, responses=NOT_FOUND)
async def read_merged_run(uow: UnitOfWorkDep, id: Id) -> MergedRunRead:
    """The merged run that run `id` belongs to (normally named by it: its lowest run id)."""
    return await uow.run(lambda s: MergedRunRead.of(queries.get_merged_run(s, id)))


@router.get("/{id}", response_model=RunRead, responses=NOT_FOUND)
async def read_run(uow: UnitOfWorkDep, id: Id) -> RunRead:
    """One run (pipeline): its event, SRPM build and the groups of jobs it tied."""
    return await uow.run(lambda s: RunRead.of(*queries.get_run(s, id)))
