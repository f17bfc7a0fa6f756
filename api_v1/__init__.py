"""The v1 API: FastAPI routers, one module per resource group, named like the legacy twins."""

from fastapi import APIRouter

from api_v1 import (
    allowlist,
    bodhi_updates,
    copr_builds,
    healthz,
    installations,
    koji_builds,
    koji_tag_requests,
    log_detective,
    openscanhub_scans,
    projects,
    propose_downstream,
    pull_from_upstream,
    runs,
    srpm_builds,
    system,
    testing_farm,
    usage,
    webhooks,
)
from api_v1.errors import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)
for module in (
    healthz,
    system,
    copr_builds,
    koji_builds,
    koji_tag_requests,
    srpm_builds,
    testing_farm,
    bodhi_updates,
    log_detective,
    openscanhub_scans,
    propose_downstream,
    pull_from_upstream,
    runs,
    projects,
    allowlist,
    installations,
    usage,
    webhooks,
):
    router.include_router(module.router)

__all__ = ["router"]
