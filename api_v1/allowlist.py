"""Allowlist (twin of the legacy `/api/allowlist`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/allowlist", tags=["allowlist"])
