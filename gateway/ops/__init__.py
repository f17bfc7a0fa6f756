"""The ops views: the migration status as JSON and as an HTML page, and ``/metrics``."""
