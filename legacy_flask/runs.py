"""runs: Pipelines (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("runs", description="Pipelines")
