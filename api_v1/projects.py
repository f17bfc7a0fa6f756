"""Projects (twin of the legacy `/api/projects`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/projects", tags=["projects"])
