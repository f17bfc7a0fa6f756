from __future__ import annotations

from typing import Literal

from pydantic import Field

from api_v1.schemas.base import Schema


class DatabaseHealthRead(Schema):
    backend: str = Field(description="SQL dialect in use", examples=["postgresql"])
    schema_revision: str | None = Field(
        description="Alembic revision the database is at", examples=["0001"]
    )
    projects: int = Field(description="Git projects stored", examples=[42])


class HealthRead(Schema):
    status: Literal["ok"] = "ok"
    database: DatabaseHealthRead
