"""System information both APIs serve: the versions of the service and of its libraries.

No web framework here: the legacy ``/api/system`` and v1's ``/api/v1/system`` read the same
:func:`installed_versions`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata

# This project's own distribution (pyproject.toml) first, then what it stands on.
PACKAGES = ("ci-results-gateway", "flask", "flask-restx", "fastapi", "sqlalchemy")

# A version built from git by setuptools-scm carries the short commit: 0.76.0.post18+g116edc5.
SCM_COMMIT = re.compile(r"\+g([0-9A-Za-z]{7})")


def commit_of(version: str) -> str | None:
    """The short git commit a version string names, if it names one."""
    found = SCM_COMMIT.search(version)
    return found.group(1) if found else None


@cache
def installed_versions() -> dict[str, dict[str, str | None]]:
    """``{package: {"commit", "version"}}`` of the packages that are installed, in
    :data:`PACKAGES` order.

    Read once per process: installed versions do not change while it runs. Callers must
    not modify the answer (it is shared).
    """
    versions: dict[str, dict[str, str | None]] = {}
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
        versions[package] = {"commit": commit_of(version), "version": version}
    return versions
