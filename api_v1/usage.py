"""Usage statistics (twin of the legacy `/api/usage`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/usage", tags=["usage"])
