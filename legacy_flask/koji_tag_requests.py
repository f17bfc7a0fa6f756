"""koji-tag-requests: Koji tag requests (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("koji-tag-requests", description="Koji tag requests")
