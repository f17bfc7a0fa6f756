"""log-detective: Log Detective runs (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("log-detective", description="Log Detective runs")
