"""The v1 API: FastAPI routers, one module per resource group, named like the legacy twins.

:func:`api_v1.app.create_app` builds the app the gateway mounts at ``/api/v1``.
"""
