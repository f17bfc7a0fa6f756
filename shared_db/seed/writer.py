"""Buffered Core inserts with ids assigned here, flushed parents-first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from shared_db.models import Base

ProgressCallback = Callable[[str, int], None]

Row = dict[str, Any]


class BulkWriter:
    """Collects rows per table and inserts them in batches.

    Whenever one table's buffer is full, every buffer is written in the metadata's
    dependency order, so a row's parents always reach the database before it does.
    Ids are handed out here (1, 2, … per table: the database starts empty), so no
    RETURNING round trip is needed.
    """

    def __init__(
        self, session: Session, progress: ProgressCallback | None, batch_size: int = 5_000
    ) -> None:
        self.session = session
        self.progress = progress
        self.batch_size = batch_size
        self.counts: Counter[str] = Counter()
        self._buffers: dict[str, list[Row]] = {}
        self._order = list(Base.metadata.sorted_tables)

    def add(self, table: Table, row: Row) -> int:
        """Queue a row; returns its id (0 for tables without an ``id`` column)."""
        self.counts[table.name] += 1
        row_id = 0
        if "id" in table.c:
            row_id = row["id"] = self.counts[table.name]
        buffer = self._buffers.setdefault(table.name, [])
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush()
        return row_id

    def flush(self) -> None:
        for table in self._order:
            rows = self._buffers.get(table.name)
            if rows:
                self.session.execute(insert(table), rows)
                if self.progress is not None:
                    self.progress(table.name, len(rows))
                rows.clear()

    def finish(self) -> dict[str, int]:
        self.flush()
        self.session.flush()
        if self.session.get_bind().dialect.name == "postgresql":
            self._advance_sequences()
        return dict(self.counts)

    def _advance_sequences(self) -> None:
        # Rows came with explicit ids: move each id sequence past them.
        for table in self._order:
            last = self.counts.get(table.name, 0)
            if last and "id" in table.c:
                self.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                    {"table": table.name, "last": last},
                )
