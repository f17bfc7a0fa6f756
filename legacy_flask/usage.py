"""usage: Usage statistics (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("usage", description="Usage statistics")
