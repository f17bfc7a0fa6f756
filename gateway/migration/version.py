"""The code version parity evidence is recorded with: a digest of the code that answers.

Evidence only counts for the code that produced it. The digest covers every source file
of the four packages and the versions of the libraries whose behaviour shows in the
answers, so any change of either asks for a new ``verify``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGES = ("api_v1", "gateway", "legacy_flask", "shared_db")
LIBRARIES = ("flask", "flask-restx", "werkzeug", "fastapi", "starlette", "pydantic", "sqlalchemy")
_ROOT = Path(__file__).resolve().parents[2]


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((_ROOT / package).rglob("*.py")):
            digest.update(str(path.relative_to(_ROOT)).encode())
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent".encode())
    return digest.hexdigest()[:16]
