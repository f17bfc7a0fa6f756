"""Path parameters the routers share, and the rule every text parameter follows."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from shared_db.base import MAX_ID

# An id above MAX_ID cannot exist, and PostgreSQL would refuse to compare an INTEGER
# column with it: a 422 here instead of an error there.

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Packit id")]

# Every text parameter (`pattern=NO_NUL`): no NUL character. PostgreSQL's text types
# cannot hold one, so no stored name has one, and the database would refuse the value
# rather than find nothing: a 422 naming the parameter, documented in the OpenAPI schema.
NO_NUL = "^[^\\x00]*$"
NO_NUL_MESSAGE = "must not contain a NUL character (%00)"

__all__ = ["MAX_ID", "NO_NUL", "NO_NUL_MESSAGE", "Id"]
