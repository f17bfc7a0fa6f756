"""bodhi-updates: Bodhi updates (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("bodhi-updates", description="Bodhi updates")
