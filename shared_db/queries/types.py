"""Type aliases the query modules share."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import Select

# A SELECT of any columns (SQLAlchemy 2.1 types a Select by the tuple of its columns).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]
