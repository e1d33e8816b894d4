"""robots.txt and the sitemaps (one per locale, each URL with its hreflang alternates)."""

from storefront.seo.views import bp

__all__ = ["bp"]
