"""srpm-builds: SRPM builds (routes to come)."""

from __future__ import annotations

from flask_restx import Namespace

ns = Namespace("srpm-builds", description="SRPM builds")
