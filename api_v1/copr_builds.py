"""Copr builds (twin of the legacy `/api/copr-builds`)."""

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
from api_v1.schemas.copr_builds import CoprBuildDetailRead, CoprBuildGroupRead, CoprBuildRead
from shared_db.models import BuildStatus
from shared_db.queries import copr_builds as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import row_dicts

router = resource_router("copr-builds")


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[CoprBuildRead], int | None]:
    rows, next_after = queries.copr_build_rows(session, params.keyset, filters)
    return [CoprBuildRead.of_row(r) for r in row_dicts(rows)], next_after


@router.get("", response_model=Page[CoprBuildRead])
async def list_copr_builds(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[BuildStatus | None, Query(description="Build status")] = None,
    chroot: Annotated[
        str | None,
        Query(min_length=1, pattern=NO_NUL, max_length=128, examples=["fedora-rawhide-x86_64"]),
    ] = None,
) -> Page[CoprBuildRead]:
    """Copr builds, one per chroot, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status, target=chroot)
    items, next_after = await uow.run(_page, page, work)
    return page.of(items, next_after)


@router.get("/{id}", response_model=CoprBuildDetailRead, responses=NOT_FOUND)
async def read_copr_build(uow: UnitOfWorkDep, id: Id) -> CoprBuildDetailRead:
    """One Copr build in one chroot, with its runs, SRPM build and Log Detective runs."""
    return await uow.run(lambda s: CoprBuildDetailRead.of(queries.get_copr_build(s, id)))


@router.get("/groups/{id}", response_model=CoprBuildGroupRead, responses=NOT_FOUND)
async def read_copr_build_group(uow: UnitOfWorkDep, id: Id) -> CoprBuildGroupRead:
    """One group of Copr builds: the chroot builds of one event's Copr job."""
    return await uow.run(lambda s: CoprBuildGroupRead.of(queries.get_copr_build_group(s, id)))
