"""The visitor's display currency and destination, kept in the session."""

from storefront.preferences.views import bp, init_app
from storefront.preferences.visitor import select_timezone

__all__ = ["bp", "init_app", "select_timezone"]
