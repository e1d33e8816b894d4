"""E-mails about orders, written in the buyer's language whatever request sends them."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_currency
from flask_babel import gettext as _

from catalog.locales import BABEL_IDENTIFIERS
from catalog.translation import translated_field
from storefront.i18n import country_name
from storefront.mail import send_mail
from storefront.orders.access import order_link_token
from storefront.orders.models import Order
from storefront.shipping.addresses import address_lines


def plain_money(amount, currency: str = "CNY") -> str:
    """Money for plain-text e-mails (the ``price`` filter returns HTML)."""
    return format_currency(amount, currency)


def send_order_confirmation(order: Order) -> None:
    """Send once, after the commit that confirmed the order (the caller knows it was the first)."""
    if order.bonded is not None:
        send_bonded_order_confirmation(order)
        return
    with force_locale(BABEL_IDENTIFIERS.get(order.locale, "en")):
        subject = _("Your order %(number)s is confirmed", number=order.number)
        body = render_template(
            "orders/email/order_confirmed.txt",
            order=order,
            money=plain_money,
            producer_names={
                sub.id: translated_field(sub.producer, "name", order.locale)
                for sub in order.sub_orders
            },
            order_url=order_link(order),
            address_lines=address_lines(order.postal_address, order.recipient_name),
            destination=country_name(order.destination_country),
        )
    send_mail(to=order.email, subject=subject, body=body)


def send_bonded_order_confirmation(order: Order) -> None:
    """A bonded (1210) order is paid: it now waits for customs, then for the buyer's visit."""
    with force_locale(BABEL_IDENTIFIERS.get(order.locale, "en")):
        subject = _("Your order %(number)s is paid", number=order.number)
        body = render_template(
            "orders/email/bonded_order_confirmed.txt",
            order=order,
            bonded=order.bonded,
            money=plain_money,
            showroom_name=translated_field(order.bonded.showroom, "name", order.locale),
            order_url=order_link(order),
        )
    send_mail(to=order.email, subject=subject, body=body)


def order_link(order: Order) -> str:
    """The order page with a signed, expiring token: it opens on any device the buyer uses."""
    return url_for(
        "orders.order_detail",
        locale=order.locale,
        number=order.number,
        token=order_link_token(current_app.config["SECRET_KEY"], order.number),
        _external=True,
    )


def send_order_cancelled(order: Order) -> None:
    with force_locale(BABEL_IDENTIFIERS.get(order.locale, "en")):
        subject = _("Your order %(number)s is cancelled", number=order.number)
        body = render_template(
            "orders/email/order_cancelled.txt",
            order=order,
            money=plain_money,
            order_url=order_link(order),
        )
    send_mail(to=order.email, subject=subject, body=body)
