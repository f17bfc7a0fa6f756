"""Logging through one pipeline: the gateway's own lines, uvicorn's and the libraries'.

structlog renders every record, whoever made it: JSON lines with ``log_format=json``
(for a log collector), readable key=value lines otherwise. Uvicorn's own access log is
replaced by the gateway's (one line per request, with its operation and stack), so each
request is logged once.
"""

from __future__ import annotations

from typing import Any, Literal

import structlog

LogFormat = Literal["console", "json"]


def _processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def logging_config(level: str, log_format: LogFormat) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the process (uvicorn takes it as ``log_config``)."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": _processors(),
            }
        },
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "structlog",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["default"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            # The gateway logs every request itself (gateway.access).
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def route_structlog_to_logging() -> None:
    """structlog's lines go to the standard logging tree (where the formatter above renders
    them with everyone else's). Once per process; a gateway built again changes nothing."""
    if structlog.is_configured():
        return
    structlog.configure(
        processors=[*_processors(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
