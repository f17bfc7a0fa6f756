"""Runs (pipelines) (twin of the legacy `/api/runs`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/runs", tags=["runs"])
