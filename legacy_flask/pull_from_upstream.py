"""pull-from-upstream: upstream releases pulled into dist-git.

The same routes as propose-downstream (see :func:`add_sync_release_routes`), for the
pull-from-upstream job type.
"""

from __future__ import annotations

from flask_restx import Namespace

from legacy_flask.propose_downstream import SyncReleaseWording, add_sync_release_routes
from shared_db.models import SyncReleaseJobType

ns = Namespace("pull-from-upstream", description="Upstream releases pulled into dist-git")
add_sync_release_routes(
    ns,
    SyncReleaseJobType.pull_from_upstream,
    SyncReleaseWording(
        resource="pull-from-upstreams",
        results="Pull from upstream results",
        job="pull from upstream",
    ),
)
