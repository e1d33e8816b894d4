"""HTTP security headers for every response."""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self' https://checkout.stripe.com",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def add_security_headers(response: Response) -> Response:
    """Add each header a view did not set itself (one pass over the response's headers)."""
    present = {name.lower() for name, _value in response.headers.items()}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            response.headers.add(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
