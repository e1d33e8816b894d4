"""The shop: home, counties, brands, products, search and the information pages."""

from storefront.shop import info  # noqa: F401  (the information pages' routes)
from storefront.shop.destination import init_app
from storefront.shop.views import bp

__all__ = ["bp", "init_app"]
