"""Health check (twin of the legacy `/api/healthz`)."""

from __future__ import annotations

from fastapi import APIRouter

from api_v1.deps import SessionDep
from api_v1.schemas.health import DatabaseHealthRead, HealthRead
from shared_db.queries.health import database_health

router = APIRouter(prefix="/healthz", tags=["healthz"])


@router.get("", response_model=HealthRead)
def read_health(session: SessionDep) -> HealthRead:
    """Check that the API answers and that its database answers queries."""
    health = database_health(session)
    return HealthRead(database=DatabaseHealthRead.model_validate(health))
