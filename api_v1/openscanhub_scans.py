"""OpenScanHub scans (twin of the legacy `/api/openscanhub-scans`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/openscanhub-scans", tags=["openscanhub-scans"])
