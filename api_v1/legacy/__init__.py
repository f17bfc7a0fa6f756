"""Legacy views: FastAPI code that answers the legacy paths in the legacy shape.

One module per resource group, named like its Flask module (``legacy_flask/<group>.py``)
and its v1 module (``api_v1/<group>.py``): each view runs the v1 implementation (the shared
queries and the v1 schemas), then turns the v1 result into the legacy body with a pure
function. The gateway serves a legacy operation from here once ops cut it over.
"""
