"""Operator console pages for customs declarations (``/<locale>/admin/customs/``)."""

from storefront.customs.web.views import bp

__all__ = ["bp"]
