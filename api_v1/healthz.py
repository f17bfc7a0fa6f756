"""Health check (twin of the legacy `/api/healthz`)."""

from __future__ import annotations

from fastapi import Response
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.router import resource_router
from api_v1.schemas.health import DatabaseHealthRead, HealthRead
from shared_db.queries.health import database_health

router = resource_router("healthz")


def _health(session: Session) -> HealthRead:
    return HealthRead(database=DatabaseHealthRead.model_validate(database_health(session)))


@router.get("", response_model=HealthRead)
async def read_health(uow: UnitOfWorkDep) -> HealthRead:
    """Check that the API answers and that its database answers queries."""
    return await uow.run(_health)


@router.head("", response_class=Response, responses={200: {"description": "Healthy"}})
async def check_health(uow: UnitOfWorkDep) -> Response:
    """The same check as GET, answered without a body."""
    await uow.run(_health)
    return Response()
