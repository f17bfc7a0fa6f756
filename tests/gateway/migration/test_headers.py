from __future__ import annotations

from datetime import date

from gateway.migration.headers import lifecycle_headers


def test_the_lifecycle_headers_are_exact() -> None:
    assert lifecycle_headers(date(2027, 1, 1), date(2027, 6, 30), "/api/v1/copr-builds/5") == [
        (b"deprecation", b"@1798761600"),
        (b"sunset", b"Wed, 30 Jun 2027 00:00:00 GMT"),
        (b"link", b'</api/v1/copr-builds/5>; rel="successor-version"'),
    ]


def test_no_dates_no_headers() -> None:
    assert lifecycle_headers(None, None, "/api/v1/x") == []


def test_without_a_sunset_there_is_no_sunset_header() -> None:
    names = [name for name, _ in lifecycle_headers(date(2027, 1, 1), None, "/api/v1/x")]
    assert names == [b"deprecation", b"link"]
