"""Operator console pages for customs declarations (``/<locale>/admin/customs/``)."""

from storefront.customs.web import ports_views  # noqa: F401  (registers its routes on bp)
from storefront.customs.web.views import bp

__all__ = ["bp"]
