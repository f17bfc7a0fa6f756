"""The headers that tell clients a legacy operation is going away.

- ``Deprecation: @<unix seconds>`` (RFC 9745), from the deprecation date;
- ``Sunset: <IMF-fixdate>`` (RFC 8594), from the sunset date;
- ``Link: <v1 URL>; rel="successor-version"`` (RFC 8288, RFC 5829), to the concrete twin.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import format_datetime

SUCCESSOR = 'rel="successor-version"'


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def deprecation_value(day: date) -> str:
    return f"@{int(_midnight(day).timestamp())}"


def sunset_value(day: date) -> str:
    return format_datetime(_midnight(day), usegmt=True)


def successor_link(url: str) -> str:
    return f"<{url}>; {SUCCESSOR}"


def lifecycle_headers(
    deprecated_on: date | None, sunset_on: date | None, successor_url: str
) -> list[tuple[bytes, bytes]]:
    """The headers for an operation with these dates (none when it is not deprecated)."""
    if deprecated_on is None:
        return []
    headers = [(b"deprecation", deprecation_value(deprecated_on).encode())]
    if sunset_on is not None:
        headers.append((b"sunset", sunset_value(sunset_on).encode()))
    headers.append((b"link", successor_link(successor_url).encode()))
    return headers
