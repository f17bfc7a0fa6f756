"""Testing Farm runs (twin of the legacy `/api/testing-farm`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/testing-farm", tags=["testing-farm"])
