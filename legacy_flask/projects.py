"""projects: Projects and what they triggered (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("projects", description="Projects and what they triggered")
