"""openscanhub-scans: OpenScanHub scans (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("openscanhub-scans", description="OpenScanHub scans")
