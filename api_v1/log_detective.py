"""Log Detective analyses (twin of the legacy `/api/log-detective`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/log-detective", tags=["log-detective"])
