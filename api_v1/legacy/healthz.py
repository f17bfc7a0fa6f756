"""healthz (legacy view): the v1 health check, answered in the legacy words."""

from __future__ import annotations

from fastapi import Response

from api_v1 import healthz as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.responses import legacy_json, restx_json
from api_v1.legacy.routing import LegacyRouter

router = LegacyRouter("healthz")

HEALTHY = {"status": "We are healthy!"}


@router.get("/healthz", "get", twin=v1.read_health, head=False)
async def health(uow: UnitOfWorkDep) -> Response:
    await v1.read_health(uow)
    return legacy_json(HEALTHY)


@router.head("/healthz", "head", twin=v1.check_health)
async def health_head(uow: UnitOfWorkDep) -> Response:
    await v1.check_health(uow)
    # Flask-RESTX renders the ``head`` method's None as JSON: the gateway drops the body,
    # its length stays.
    return restx_json(None, 200)
