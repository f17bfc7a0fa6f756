"""Koji tag requests (twin of the legacy `/api/koji-tag-requests`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/koji-tag-requests", tags=["koji-tag-requests"])
