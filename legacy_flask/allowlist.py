"""allowlist: Allowlist (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("allowlist", description="Allowlist")
