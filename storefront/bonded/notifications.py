"""E-mails of a bonded order after payment: ready for pickup (code and QR), closed (why).

Written in the buyer's language whatever sends them (the worker, a staff page); sent after the
commit that made them true. The pickup code is unsealed only to be written into the message.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from catalog.locales import BABEL_IDENTIFIERS
from catalog.translation import translated_field
from storefront.bonded.labels import closing_reason_text, format_local
from storefront.mail import Attachment, send_mail
from storefront.orders.models import Order
from storefront.orders.notifications import order_link, plain_money
from storefront.pickup.codes import display_code, qr_svg_document
from storefront.pickup.personal_data import PersonalDataVault


def send_ready_for_pickup(order: Order, vault: PersonalDataVault) -> None:
    bonded = order.bonded
    assert bonded is not None and bonded.pickup_code_sealed is not None
    code = vault.unseal(bonded.pickup_code_sealed)
    showroom = bonded.showroom
    with force_locale(BABEL_IDENTIFIERS.get(order.locale, "en")):
        subject = _("Your order %(number)s is ready for pickup", number=order.number)
        title = _("Pickup code %(code)s", code=display_code(code))
        body = render_template(
            "bonded/email/ready_for_pickup.txt",
            order=order,
            code=display_code(code),
            deadline=format_local(bonded.pickup_deadline, order.locale),
            showroom_name=translated_field(showroom, "name", order.locale),
            showroom_address=translated_field(showroom, "address", order.locale),
            opening_hours=f"{showroom.opens_at:%H:%M}–{showroom.closes_at:%H:%M}",
            order_url=order_link(order),
        )
    send_mail(
        to=order.email,
        subject=subject,
        body=body,
        attachments=(
            Attachment(
                f"pickup-{order.number}.svg", qr_svg_document(code, title=title), "image/svg+xml"
            ),
        ),
    )


def send_bonded_order_closed(order: Order) -> None:
    bonded = order.bonded
    assert bonded is not None
    with force_locale(BABEL_IDENTIFIERS.get(order.locale, "en")):
        subject = _("Your order %(number)s is cancelled", number=order.number)
        body = render_template(
            "bonded/email/order_closed.txt",
            order=order,
            reason=closing_reason_text(bonded.closing_reason),
            customs_note=bonded.closing_note,
            money=plain_money,
            order_url=order_link(order),
        )
    send_mail(to=order.email, subject=subject, body=body)
