"""pull-from-upstream: the release-sync routes for the pull-from-upstream job type."""

from __future__ import annotations

from gateway.migration.cases.propose_downstream import sync_release_cases
from shared_db.models import SyncReleaseJobType

CASES = sync_release_cases(
    "pull-from-upstream",
    "pull-from-upstreams",
    SyncReleaseJobType.pull_from_upstream,
    "pull from upstream",
)
