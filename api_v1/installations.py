"""GitHub App installations (twin of the legacy `/api/installations`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/installations", tags=["installations"])
