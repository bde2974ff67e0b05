"""The read-only JSON API at /api/v1 for other government systems."""
