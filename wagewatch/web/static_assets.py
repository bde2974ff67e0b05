"""Static files under versioned URLs, kept by browsers until the files change."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request

#: The endpoints that serve the app's own static files and Bootstrap-Flask's local copy.
STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})
#: One year, the longest a browser is asked to keep anything; a new version has a new URL.
KEPT_SECONDS = 365 * 24 * 3600
VERSION_KEY = "wagewatch.static_version"


def static_version(folder: str | None) -> str:
    """A short digest of the app's static files (names and contents) and Bootstrap-Flask's
    version: it changes whenever a file a page loads could have changed."""
    digest = hashlib.sha256(version("bootstrap-flask").encode())
    if folder:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _add_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint in STATIC_ENDPOINTS:
        values.setdefault("v", current_app.extensions[VERSION_KEY])


def _keep_versioned(response: Response) -> Response:
    """A static file asked for under the current version is kept for a year without asking
    again (each page then loads only itself); any other static request is revalidated."""
    if (request.endpoint in STATIC_ENDPOINTS and response.status_code == 200
            and request.args.get("v") == current_app.extensions[VERSION_KEY]):
        response.headers["Cache-Control"] = f"public, max-age={KEPT_SECONDS}, immutable"
    return response


def init_app(app: Flask) -> None:
    app.extensions[VERSION_KEY] = static_version(app.static_folder)
    app.url_defaults(_add_version)
    app.after_request(_keep_versioned)
