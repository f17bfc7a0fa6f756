"""webhooks: Webhooks (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("webhooks", description="Webhooks")
