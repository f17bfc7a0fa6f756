"""The JSON Schema of ``/ops/migration.json`` (draft 2020-12), served beside it."""

from __future__ import annotations

from typing import Any

_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": ["string", "null"], "format": "date"}
_COUNT = {"type": "integer", "minimum": 0}

_PARITY = {
    "type": "object",
    "description": "Shadow comparisons: every sample counted in one outcome",
    "required": [
        "samples",
        "matches",
        "value_mismatches",
        "status_mismatches",
        "row_mismatches",
        "view_errors",
        "dropped",
        "last_mismatch_at",
        "match_percent",
    ],
    "properties": {
        "samples": _COUNT,
        "matches": _COUNT,
        "value_mismatches": _COUNT,
        "status_mismatches": _COUNT,
        "row_mismatches": {**_COUNT, "description": "a row only one of the two reads saw"},
        "view_errors": _COUNT,
        "dropped": {**_COUNT, "description": "not compared: the worker's queue was full"},
        "last_mismatch_at": _TIME,
        "match_percent": {"type": ["number", "null"]},
    },
}

MIGRATION_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Migration status",
    "description": "Where every legacy operation is served from, and the evidence to move it",
    "type": "object",
    "required": [
        "code_version",
        "read_at",
        "quiet_days",
        "recording_since",
        "operations_total",
        "operations_off_flask",
        "flask_removable",
        "flask_off_run",
        "operations",
    ],
    "properties": {
        "code_version": {"type": "string", "description": "digest of the code that answers"},
        "read_at": _TIME,
        "quiet_days": {**_COUNT, "description": "days without a call before retiring"},
        "recording_since": {**_TIME, "description": "the oldest hour of the traffic roll-up"},
        "operations_total": _COUNT,
        "operations_off_flask": {**_COUNT, "description": "cut over or retired"},
        "flask_removable": {
            "type": "boolean",
            "description": "every operation off Flask and the Flask-off contract run green",
        },
        "flask_off_run": {
            "type": ["object", "null"],
            "required": ["passed", "cases", "failures", "code_version", "current_code", "ran_at"],
            "properties": {
                "passed": {"type": "boolean"},
                "cases": _COUNT,
                "failures": {"type": "array", "items": {"type": "string"}},
                "code_version": {"type": "string"},
                "current_code": {"type": "boolean"},
                "ran_at": _TIME,
            },
        },
        "operations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "group",
                    "legacy",
                    "twin",
                    "writes",
                    "mode",
                    "shadow_rate",
                    "shadow_aa",
                    "deprecated_on",
                    "sunset_on",
                    "evidence",
                    "parity",
                    "noise",
                    "traffic",
                    "safe_to_retire",
                ],
                "properties": {
                    "id": {"type": "string", "examples": ["copr-builds.get"]},
                    "group": {"type": "string", "examples": ["copr-builds"]},
                    "legacy": {"type": "string", "examples": ["GET /copr-builds/<int:id>"]},
                    "twin": {"type": "string", "examples": ["GET /api/v1/copr-builds/{id}"]},
                    "writes": {"type": "boolean", "description": "never shadowed"},
                    "mode": {"enum": ["legacy", "shadow", "cutover", "retired"]},
                    "shadow_rate": {"type": "number", "minimum": 0, "maximum": 1},
                    "shadow_aa": {
                        "type": "boolean",
                        "description": "shadow compares Flask with itself",
                    },
                    "deprecated_on": _DATE,
                    "sunset_on": _DATE,
                    "evidence": {
                        "type": ["object", "null"],
                        "description": "the last offline verify",
                        "required": [
                            "passed",
                            "cases",
                            "mismatches",
                            "code_version",
                            "current_code",
                            "verified_at",
                        ],
                    },
                    "parity": _PARITY,
                    "noise": {**_PARITY, "description": "A/A: Flask against itself"},
                    "traffic": {
                        "type": "object",
                        "required": ["last_24h", "last_7d", "last_seen", "top_agents"],
                        "properties": {
                            "last_24h": _COUNT,
                            "last_7d": _COUNT,
                            "last_seen": _TIME,
                            "top_agents": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["user_agent", "count"],
                                    "properties": {
                                        "user_agent": {"type": "string"},
                                        "count": _COUNT,
                                    },
                                },
                            },
                        },
                    },
                    "safe_to_retire": {
                        "type": "boolean",
                        "description": "no call for quiet_days, recorded for that long",
                    },
                },
            },
        },
    },
}
