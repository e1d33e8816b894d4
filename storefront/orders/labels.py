"""Translated labels of order, payment, fulfilment statuses and shipping methods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from storefront.checkout.models import ShippingMethod
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus

ORDER_STATUSES = {
    OrderStatus.PLACED: _l("Waiting for payment"),
    OrderStatus.CONFIRMED: _l("Confirmed"),
    OrderStatus.COMPLETED: _l("Completed"),
    OrderStatus.CANCELLED: _l("Cancelled"),
    OrderStatus.EXPIRED: _l("Expired (not paid in time)"),
}

PAYMENT_STATUSES = {
    PaymentStatus.PENDING: _l("Not paid yet"),
    PaymentStatus.PROCESSING: _l("Payment being processed"),
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.FAILED: _l("Payment failed"),
    PaymentStatus.EXPIRED: _l("Payment window closed"),
    PaymentStatus.REFUND_PENDING: _l("Refund under way"),
    PaymentStatus.REFUNDED: _l("Refunded"),
}

FULFILMENT_STATUSES = {
    FulfilmentStatus.UNFULFILLED: _l("Being prepared"),
    FulfilmentStatus.SHIPPED: _l("Shipped"),
    FulfilmentStatus.DELIVERED: _l("Delivered"),
    FulfilmentStatus.CANCELLED: _l("Cancelled"),
}

SHIPPING_METHODS = {
    ShippingMethod.HK_MACAU_TRUCK: _l("Direct truck to Hong Kong and Macau"),
    ShippingMethod.INTERNATIONAL_EXPRESS: _l("International express"),
    ShippingMethod.POSTAL_PARCEL: _l("Postal parcel (China Post)"),
}
