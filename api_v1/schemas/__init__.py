"""Pydantic schemas of the v1 API."""
