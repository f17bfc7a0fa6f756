"""Query parameters the list routes share: project, trigger and submission time."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Query
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from api_v1.params import NO_NUL
from shared_db.base import as_utc
from shared_db.models import ProjectEventType
from shared_db.queries.filters import WorkFilters


def _iso_only(value: object) -> object:
    # Pydantic would read a bare number as UNIX time; the documented format is ISO 8601.
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[\d.]+([eE][+-]?\d+)?\s*", value):
        raise ValueError("Input should be an ISO 8601 date-time with a time zone")
    return value


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_only), AfterValidator(as_utc)]


Name = Annotated[str | None, Field(min_length=1, pattern=NO_NUL, max_length=255)]


class CommonFilters(BaseModel):
    """The filters of every list of work (builds, tests, syncs, updates, ...)."""

    forge: Name = Field(None, description="Forge host of the project", examples=["github.com"])
    namespace: Name = Field(None, description="Project namespace", examples=["packit"])
    repo_name: Name = Field(None, description="Project repository name", examples=["ogr"])
    trigger: ProjectEventType | None = Field(None, description="Kind of event that caused the work")
    submitted_after: IsoDateTime | None = Field(
        None, description="Submitted at or after (ISO 8601 with time zone)"
    )
    submitted_before: IsoDateTime | None = Field(
        None, description="Submitted before (ISO 8601 with time zone)"
    )

    @field_validator("submitted_before")
    @classmethod
    def _after_the_start(
        cls, before: AwareDatetime | None, info: ValidationInfo
    ) -> AwareDatetime | None:
        after = info.data.get("submitted_after")
        if before is not None and after is not None and after >= before:
            raise PydanticCustomError("value_error", "Must be later than submitted_after")
        return before

    def with_work(self, *, status: str | None = None, target: str | None = None) -> WorkFilters:
        return WorkFilters(
            status=status,
            target=target,
            forge=self.forge,
            namespace=self.namespace,
            repo_name=self.repo_name,
            trigger=self.trigger,
            submitted_after=self.submitted_after,
            submitted_before=self.submitted_before,
        )


FiltersDep = Annotated[CommonFilters, Query()]
