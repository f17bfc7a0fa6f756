from __future__ import annotations

from pydantic import Field

from api_v1.schemas.base import Schema


class FieldError(Schema):
    field: str = Field(
        description="Where the bad value is, e.g. `query.limit`", examples=["query.limit"]
    )
    message: str = Field(examples=["Input should be less than or equal to 100"])
    type: str = Field(description="Pydantic's error type", examples=["less_than_equal"])


class ErrorRead(Schema):
    """The body of every v1 error answer."""

    # No field examples: each error response of the document shows its own status's.
    status: int = Field(description="The HTTP status, repeated")
    code: str = Field(description="A stable, machine-readable error code")
    detail: str = Field(description="What went wrong, for people")
    errors: list[FieldError] = Field(
        default_factory=list, description="One entry per invalid field (422 only)"
    )
