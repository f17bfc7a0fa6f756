"""Releases pulled from upstream (twin of the legacy `/api/pull-from-upstream`).

The same routes as propose-downstream (see
:func:`api_v1.propose_downstream.add_sync_release_routes`), for the pull-from-upstream job.
"""

from __future__ import annotations

from api_v1.propose_downstream import add_sync_release_routes
from api_v1.router import resource_router
from shared_db.models import SyncReleaseJobType

router = resource_router("pull-from-upstream")
add_sync_release_routes(router, SyncReleaseJobType.pull_from_upstream, "pull from upstream")
