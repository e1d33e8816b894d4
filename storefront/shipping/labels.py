"""Translated names of the shipping methods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from storefront.shipping.models import ShippingMethod

SHIPPING_METHODS = {
    ShippingMethod.HK_MACAU_TRUCK: _l("Direct truck to Hong Kong and Macau"),
    ShippingMethod.INTERNATIONAL_EXPRESS: _l("International express"),
    ShippingMethod.POSTAL_PARCEL: _l("Postal parcel (China Post)"),
}
