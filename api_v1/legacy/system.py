"""system (legacy view): the v1 package list, keyed by name as the legacy app keys it."""

from __future__ import annotations

from fastapi import Response

from api_v1 import system as v1
from api_v1.legacy.responses import legacy_json
from api_v1.legacy.routing import LegacyRouter
from api_v1.schemas.admin import SystemRead

router = LegacyRouter("system")


def system_body(system: SystemRead) -> dict[str, dict[str, str | None]]:
    return {
        package.name: {"commit": package.commit, "version": package.version}
        for package in system.packages
    }


@router.get("/system", "get", twin=v1.read_system)
async def system_information() -> Response:
    return legacy_json(system_body(await v1.read_system()))
