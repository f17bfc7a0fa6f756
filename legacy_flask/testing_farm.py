"""testing-farm: Testing Farm (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("testing-farm", description="Testing Farm")
