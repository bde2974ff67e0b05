"""Security headers on every response (security.md item 11)."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _add_headers(response: Response) -> Response:
    # A stricter policy set by the view is kept (attachment downloads: a sandbox).
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    _add_strict_transport_security(response)
    if request.endpoint not in {"static", "bootstrap.static"}:
        # Pages carry personal data or depend on the session: never keep them in a cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _add_strict_transport_security(response: Response) -> None:
    """HSTS on every response that reached the app over HTTPS: directly, or through a trusted
    reverse proxy's X-Forwarded-Proto (PROXY_FIX_HOPS >= 1). Browsers ignore it over plain HTTP,
    so it is never sent there; HSTS_SECONDS = 0 turns it off."""
    seconds = current_app.config["HSTS_SECONDS"]
    if seconds and request.is_secure:
        response.headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
