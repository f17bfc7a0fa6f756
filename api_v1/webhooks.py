"""Webhooks (twin of the legacy `/api/webhooks`; routes to come)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
