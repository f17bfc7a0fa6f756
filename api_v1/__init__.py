"""The v1 API: FastAPI routers, one module per resource group, named like the legacy twins."""

from fastapi import APIRouter

from api_v1 import fallback, healthz
from api_v1.errors import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)
router.include_router(healthz.router)
# Keep last: it claims every path the routers above do not.
router.include_router(fallback.router)

__all__ = ["router"]
