"""pull-from-upstream: Upstream releases pulled into dist-git (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("pull-from-upstream", description="Upstream releases pulled into dist-git")
