"""The visitor's display currency and destination, kept in the session."""

from storefront.preferences.views import bp, init_app

__all__ = ["bp", "init_app"]
