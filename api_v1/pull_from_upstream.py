"""Releases pulled from upstream (twin of the legacy `/api/pull-from-upstream`).

The same routes as propose-downstream (see
:func:`api_v1.propose_downstream.add_sync_release_routes`), for the pull-from-upstream job.
"""

from __future__ import annotations

from fastapi import APIRouter

from api_v1.propose_downstream import add_sync_release_routes
from shared_db.models import SyncReleaseJobType

router = APIRouter(prefix="/pull-from-upstream", tags=["pull-from-upstream"])
add_sync_release_routes(router, SyncReleaseJobType.pull_from_upstream, "pull from upstream")
