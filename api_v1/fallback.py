"""Claims every unknown /api/v1 path, so it never falls through to the legacy mount."""

from __future__ import annotations

from typing import NoReturn

from fastapi import APIRouter

from shared_db.errors import NotFound

router = APIRouter()

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@router.api_route("/{path:path}", methods=ALL_METHODS, include_in_schema=False, response_model=None)
def unknown_path(path: str) -> NoReturn:
    raise NotFound(f"No such v1 resource: /api/v1/{path}")
