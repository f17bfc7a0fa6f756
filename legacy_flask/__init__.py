"""The legacy Flask-RESTX API: one module per resource group, each a Namespace."""

from legacy_flask.app import create_app

__all__ = ["create_app"]
