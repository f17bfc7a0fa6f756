"""Releases pulled from upstream (twin of the legacy `/api/pull-from-upstream`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/pull-from-upstream", tags=["pull-from-upstream"])
