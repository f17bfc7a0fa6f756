"""installations: GitHub App installations (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("installations", description="GitHub App installations")
