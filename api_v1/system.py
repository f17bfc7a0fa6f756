"""System information (twin of the legacy `/api/system`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/system", tags=["system"])
