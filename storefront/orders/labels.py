"""Translated labels of order, payment and fulfilment statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
