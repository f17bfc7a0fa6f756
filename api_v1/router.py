"""The router of one resource group, made the same way for every group."""

from __future__ import annotations

from fastapi import APIRouter

from api_v1 import openapi
from api_v1.errors import ERROR_RESPONSES


def resource_router(group: str) -> APIRouter:
    """The router of ``group``: its routes under ``/<group>``, tagged ``group``, with the
    error responses and operation ids of every v1 route.

    Both are set here, on the group's own router, because the app takes the routes as
    they are (:func:`api_v1.app.create_app`) rather than including the router, which
    would be the usual place to add them.
    """
    return APIRouter(
        prefix=f"/{group}",
        tags=[group],
        responses=ERROR_RESPONSES,
        generate_unique_id_function=openapi.operation_id,
    )
