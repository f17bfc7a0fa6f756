from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """Base of every v1 schema: reads ORM objects and query rows by attribute."""

    model_config = ConfigDict(from_attributes=True, validate_by_name=True, validate_by_alias=True)
