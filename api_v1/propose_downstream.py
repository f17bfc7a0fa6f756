"""Releases proposed downstream (twin of the legacy `/api/propose-downstream`).

The pull-from-upstream router serves the same kind of rows (release syncs) for the other
job type: both get their routes from :func:`add_sync_release_routes`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.filters import FiltersDep
from api_v1.pagination import Page, PageDep, PageParams
from api_v1.params import MAX_ID
from api_v1.router import resource_router
from api_v1.schemas.sync_releases import SyncReleaseRead, SyncReleaseTargetRead
from shared_db.models import SyncReleaseJobType, SyncReleaseStatus
from shared_db.queries import sync_releases as queries
from shared_db.queries.filters import WorkFilters

router = resource_router("propose-downstream")

TargetId = Annotated[int, Path(ge=1, le=MAX_ID, description="Packit id of the sync target")]


def add_sync_release_routes(router: APIRouter, job_type: SyncReleaseJobType, job: str) -> None:
    """Add the list and target routes of a release-sync router, for ``job_type``.

    ``job`` names the job in the OpenAPI descriptions ("propose downstream").
    """
    name = job_type.value

    def page(
        session: Session, params: PageParams, filters: WorkFilters
    ) -> tuple[list[SyncReleaseRead], int | None]:
        found = queries.sync_release_rows(session, job_type, params.keyset, filters)
        items = [SyncReleaseRead.of_row(row, found.targets[row.id]) for row in found.rows]
        return items, found.next_after

    @router.get(
        "",
        response_model=Page[SyncReleaseRead],
        name=f"list_{name}",
        description=f"Syncs of the {job} job, newest first, each with its dist-git branches "
        "(targets), filtered and paged by cursor. `submitted_after`/`submitted_before` "
        "apply to the sync's submission time.",
    )
    async def list_sync_releases(
        uow: UnitOfWorkDep,
        page_params: PageDep,
        filters: FiltersDep,
        status: Annotated[
            SyncReleaseStatus | None, Query(description="Status of the whole sync")
        ] = None,
    ) -> Page[SyncReleaseRead]:
        """Syncs of one job type, newest first, filtered and paged by cursor."""
        items, next_after = await uow.run(page, page_params, filters.with_work(status=status))
        return page_params.of(items, next_after)

    @router.get(
        "/{id}",
        response_model=SyncReleaseTargetRead,
        responses=NOT_FOUND,
        name=f"read_{name}_target",
        description=f"One dist-git branch (target) of a {job} sync, with its downstream "
        "pull requests and logs.",
    )
    async def read_sync_release_target(uow: UnitOfWorkDep, id: TargetId) -> SyncReleaseTargetRead:
        """One target of a sync of one job type."""
        return await uow.run(
            lambda s: SyncReleaseTargetRead.of(queries.get_sync_release_target(s, job_type, id))
        )


add_sync_release_routes(router, SyncReleaseJobType.propose_downstream, "propose downstream")
