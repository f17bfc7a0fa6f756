"""System information (twin of the legacy `/api/system`)."""

from __future__ import annotations

from api_v1.router import resource_router
from api_v1.schemas.admin import SystemRead
from shared_db.system import installed_versions

router = resource_router("system")


@router.get("", response_model=SystemRead)
async def read_system() -> SystemRead:
    """Versions (and git commits, when known) of the service and its main libraries."""
    return SystemRead.of(installed_versions())
