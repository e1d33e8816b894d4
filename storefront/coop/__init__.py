"""The cooperative portal (``/<locale>/coop/``): a producer's members manage their listings,
photos, texts, stock, batches, brands and parcels. See docs/coop-portal.md.

``bp`` holds every page of a member (``access.portal_page``); ``joining_bp`` the two pages of
someone becoming one (applying, accepting an invitation).
"""

from storefront.coop.blueprint import bp, joining_bp
from storefront.coop.views import (  # noqa: F401  (their routes)
    brands,
    csv_pages,
    home,
    joining,
    listings,
    members,
    parcels,
    photos,
    stock,
    texts,
)

__all__ = ["bp", "joining_bp"]
