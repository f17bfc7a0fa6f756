"""propose-downstream: Pull requests opened downstream for upstream releases (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace(
    "propose-downstream", description="Pull requests opened downstream for upstream releases"
)
