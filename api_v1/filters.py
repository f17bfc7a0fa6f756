"""Query parameters the list routes share: project, trigger and submission time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from api_v1.params import NO_NUL
from shared_db.base import as_utc
from shared_db.models import ProjectEventType
from shared_db.queries.filters import WorkFilters


@dataclass(frozen=True, slots=True)
class CommonFilters:
    forge: str | None
    namespace: str | None
    repo_name: str | None
    trigger: ProjectEventType | None
    submitted_after: AwareDatetime | None
    submitted_before: AwareDatetime | None

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


Name = Annotated[str | None, Query(min_length=1, pattern=NO_NUL, max_length=255)]


def _iso_only(value: object) -> object:
    # Pydantic would read a bare number as UNIX time; the documented format is ISO 8601.
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[\d.]+([eE][+-]?\d+)?\s*", value):
        raise ValueError("Input should be an ISO 8601 date-time with a time zone")
    return value


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_only), AfterValidator(as_utc)]


async def common_filters(
    forge: Annotated[
        Name, Query(description="Forge host of the project", examples=["github.com"])
    ] = None,
    namespace: Annotated[Name, Query(description="Project namespace", examples=["packit"])] = None,
    repo_name: Annotated[
        Name, Query(description="Project repository name", examples=["ogr"])
    ] = None,
    trigger: Annotated[
        ProjectEventType | None, Query(description="Kind of event that caused the work")
    ] = None,
    submitted_after: Annotated[
        IsoDateTime | None,
        Query(description="Submitted at or after (ISO 8601 with time zone)"),
    ] = None,
    submitted_before: Annotated[
        IsoDateTime | None, Query(description="Submitted before (ISO 8601 with time zone)")
    ] = None,
) -> CommonFilters:
    if submitted_after and submitted_before and submitted_after >= submitted_before:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "submitted_before"),
                    "msg": "Must be later than submitted_after",
                    "type": "value_error",
                    "input": submitted_before.isoformat(),
                }
            ]
        )
    return CommonFilters(forge, namespace, repo_name, trigger, submitted_after, submitted_before)


FiltersDep = Annotated[CommonFilters, Depends(common_filters)]
