"""JSON API v1: products with translated fields, display prices and destination eligibility."""

from storefront.api.views import bp

__all__ = ["bp"]
