"""Operator console pages for customs declarations (``/<locale>/admin/customs/``)."""

from storefront.customs.web import ports_views, producer_views  # noqa: F401  (their routes)
from storefront.customs.web.views import bp

__all__ = ["bp"]
