"""The events of the live feed (``/api/v1/events``), as SSE ``data`` and WebSocket messages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api_v1.schemas.base import Schema


class EventProjectRead(Schema):
    forge: str = Field(description="The forge's host name, e.g. github.com")
    namespace: str
    repo_name: str


class StatusEventRead(Schema):
    """One change of a target's status, in the order the database recorded them."""

    id: int = Field(description="Monotonic; resume after it with Last-Event-ID or ?after=")
    kind: str = Field(description="What kind of target changed, e.g. copr_build, testing_farm")
    target_id: int = Field(description="The target's id in its own resource (copr-builds/…)")
    group_id: int | None = Field(description="The target's group (a sync target: its run)")
    run_id: int | None = Field(description="The run (pipeline) of that group, if any yet")
    project: EventProjectRead | None = Field(description="The git project of the trigger")
    old_status: str | None = Field(description="None when the target was just created")
    new_status: str | None = Field(description="None for kinds without a status")
    at: datetime = Field(description="When the database recorded the change")


class HeartbeatMessage(Schema):
    """Sent on a WebSocket when no event came for the heartbeat interval."""

    type: Literal["heartbeat"] = "heartbeat"


class EventMessage(Schema):
    """An event on a WebSocket."""

    type: Literal["event"] = "event"
    event: StatusEventRead
