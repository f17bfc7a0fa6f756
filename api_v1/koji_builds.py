"""Koji builds (twin of the legacy `/api/koji-builds`)."""

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
from api_v1.schemas.koji_builds import KojiBuildDetailRead, KojiBuildGroupRead, KojiBuildRead
from shared_db.models import KojiBuildState
from shared_db.queries import koji_builds as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import row_dicts

router = resource_router("koji-builds")


def _page(
    session: Session, params: PageParams, filters: WorkFilters, scratch: bool | None
) -> tuple[list[KojiBuildRead], int | None]:
    rows, next_after = queries.koji_build_rows(session, params.keyset, filters, scratch=scratch)
    return [KojiBuildRead.of_row(r) for r in row_dicts(rows)], next_after


@router.get("", response_model=Page[KojiBuildRead])
async def list_koji_builds(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[KojiBuildState | None, Query(description="Koji task state")] = None,
    target: Annotated[
        str | None,
        Query(
            min_length=1,
            pattern=NO_NUL,
            max_length=128,
            description="Koji target: the dist-git branch or tag built for",
            examples=["rawhide"],
        ),
    ] = None,
    scratch: Annotated[
        bool | None,
        Query(
            description="Only scratch builds (true) or only production builds (false)",
            examples=[True],
        ),
    ] = None,
) -> Page[KojiBuildRead]:
    """Koji builds, one per Koji target, newest first, filtered and paged by cursor."""
    work = filters.with_work(status=status, target=target)
    items, next_after = await uow.run(_page, page, work, scratch)
    return page.of(items, next_after)


@router.get("/{id}", response_model=KojiBuildDetailRead, responses=NOT_FOUND)
async def read_koji_build(uow: UnitOfWorkDep, id: Id) -> KojiBuildDetailRead:
    """One Koji build, with its submission output, error, runs, SRPM build and Log
    Detective runs."""
    return await uow.run(lambda s: KojiBuildDetailRead.of(queries.get_koji_build(s, id)))


@router.get("/groups/{id}", response_model=KojiBuildGroupRead, responses=NOT_FOUND)
async def read_koji_build_group(uow: UnitOfWorkDep, id: Id) -> KojiBuildGroupRead:
    """One group of Koji builds: the per-target builds of one event's Koji job."""
    return await uow.run(lambda s: KojiBuildGroupRead.of(queries.get_koji_build_group(s, id)))
