"""What the v1 routes (and the legacy views built on them) read from their app: typed.

The gateway builds one :class:`V1State` and hands it to both FastAPI apps it mounts, so
v1 requests and cut-over legacy requests share one session limit and one database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, FastAPI, Request
from pydantic import SecretStr

from shared_db.engine import Database

STATE_KEY = "v1"


@dataclass(frozen=True, slots=True)
class V1Config:
    """The settings the v1 code reads (the gateway derives them from its own)."""

    max_sessions: int
    max_body_bytes: int
    github_webhook_secret: SecretStr | None = None
    gitlab_webhook_token: SecretStr | None = None
    testing_farm_secret: SecretStr | None = None
    dashboard_url: str = ""


@dataclass(slots=True)
class V1State:
    config: V1Config
    database: Database
    session_limiter: anyio.CapacityLimiter

    @classmethod
    def of(cls, config: V1Config, database: Database) -> V1State:
        return cls(config, database, anyio.CapacityLimiter(config.max_sessions))

    def install(self, app: FastAPI) -> None:
        setattr(app.state, STATE_KEY, self)


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency
# in the thread pool, a hop per request that costs more than the lookup.
async def v1_state(request: Request) -> V1State:
    state: V1State = getattr(request.app.state, STATE_KEY)
    return state


async def v1_config(request: Request) -> V1Config:
    return (await v1_state(request)).config


V1StateDep = Annotated[V1State, Depends(v1_state)]
V1ConfigDep = Annotated[V1Config, Depends(v1_config)]
