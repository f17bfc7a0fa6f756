"""SRPM builds (twin of the legacy `/api/srpm-builds`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/srpm-builds", tags=["srpm-builds"])
