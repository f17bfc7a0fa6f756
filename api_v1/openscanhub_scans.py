"""OpenScanHub scans (twin of the legacy `/api/openscanhub-scans`)."""

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
from api_v1.schemas.openscanhub_scans import OSHScanRead
from shared_db.models import OSHScanStatus
from shared_db.queries import openscanhub_scans as queries
from shared_db.queries.filters import WorkFilters

router = resource_router("openscanhub-scans")


def _page(
    session: Session, params: PageParams, filters: WorkFilters
) -> tuple[list[OSHScanRead], int | None]:
    rows, next_after = queries.scan_rows(session, params.keyset, filters)
    return [OSHScanRead.of_row(row) for row in rows], next_after


@router.get("", response_model=Page[OSHScanRead])
async def list_scans(
    uow: UnitOfWorkDep,
    page: PageDep,
    filters: FiltersDep,
    status: Annotated[OSHScanStatus | None, Query(description="Scan status")] = None,
) -> Page[OSHScanRead]:
    """OpenScanHub scans of Copr builds, newest first, filtered and paged by cursor.

    The project and trigger filters match the event behind the scanned Copr build.
    """
    work = filters.with_work(status=status)
    items, next_after = await uow.run(_page, page, work)
    return page.of(items, next_after)


@router.get("/{id}", response_model=OSHScanRead, responses=NOT_FOUND)
async def read_scan(uow: UnitOfWorkDep, id: Id) -> OSHScanRead:
    """One OpenScanHub scan, with the trigger of the Copr build it scanned."""
    return await uow.run(lambda s: OSHScanRead.of(queries.get_scan(s, id)))
