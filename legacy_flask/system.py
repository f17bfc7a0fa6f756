"""system: the versions of the service and of the libraries it is built on."""

from __future__ import annotations

import re
from functools import cache
from http import HTTPStatus
from importlib import metadata

from flask import Response
from flask_restx import Namespace, Resource

from legacy_flask.responses import response_maker

ns = Namespace("system", description="System information")

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
    """``{package: {"commit", "version"}}`` of the packages that are installed.

    Read once per process: installed versions do not change while it runs.
    """
    versions: dict[str, dict[str, str | None]] = {}
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
        versions[package] = {"commit": commit_of(version), "version": version}
    return versions


@ns.route("")
class SystemInformation(Resource):
    @ns.response(HTTPStatus.OK.value, "OK, package versions follow")
    def get(self) -> Response:
        """Versions (and git commits, when known) of the service and its main libraries."""
        return response_maker(installed_versions())
