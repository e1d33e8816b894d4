"""The shop: home, counties, brands, products and search."""

from storefront.shop.destination import init_app
from storefront.shop.views import bp

__all__ = ["bp", "init_app"]
