"""The shop: home, counties, brands and products."""

from storefront.shop.views import bp

__all__ = ["bp"]
