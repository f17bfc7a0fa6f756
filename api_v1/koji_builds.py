"""Koji builds (twin of the legacy `/api/koji-builds`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/koji-builds", tags=["koji-builds"])
