"""Translated names of the shipping methods and of the steps of a parcel's journey."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from storefront.shipping.carriers.port import TrackingCode
from storefront.shipping.models import ShippingMethod

SHIPPING_METHODS = {
    ShippingMethod.HK_MACAU_TRUCK: _l("Direct truck to Hong Kong and Macau"),
    ShippingMethod.INTERNATIONAL_EXPRESS: _l("International express"),
    ShippingMethod.POSTAL_PARCEL: _l("Postal parcel (China Post)"),
}

TRACKING_STEPS = {
    TrackingCode.ACCEPTED: _l("Accepted by the carrier"),
    TrackingCode.DEPARTED: _l("Left China, export departure confirmed by customs"),
    TrackingCode.ARRIVED: _l("Arrived in the destination country"),
    TrackingCode.DELIVERED: _l("Delivered"),
}
