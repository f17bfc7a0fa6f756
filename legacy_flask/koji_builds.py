"""koji-builds: Koji builds (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("koji-builds", description="Koji builds")
