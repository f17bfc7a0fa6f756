"""Releases proposed downstream (twin of the legacy `/api/propose-downstream`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/propose-downstream", tags=["propose-downstream"])
