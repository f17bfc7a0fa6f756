"""Bodhi updates (twin of the legacy `/api/bodhi-updates`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/bodhi-updates", tags=["bodhi-updates"])
