"""Path parameters the routers share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from shared_db.base import MAX_ID

# An id above MAX_ID cannot exist, and PostgreSQL would refuse to compare an INTEGER
# column with it: a 422 here instead of an error there.

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Packit id")]

__all__ = ["MAX_ID", "Id"]
