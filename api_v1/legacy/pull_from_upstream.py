"""pull-from-upstream (legacy view): the release-sync views (see
:func:`api_v1.legacy.propose_downstream.add_sync_release_views`) for the pull-from-upstream
job type."""

from __future__ import annotations

from api_v1 import pull_from_upstream as v1
from api_v1.legacy.propose_downstream import add_sync_release_views
from api_v1.legacy.routing import LegacyRouter
from shared_db.models import SyncReleaseJobType

router = LegacyRouter("pull-from-upstream")
add_sync_release_views(
    router, v1.router, SyncReleaseJobType.pull_from_upstream, "pull-from-upstreams"
)
