"""Order e-mails: the address as the country writes it, and a signed, expiring link that opens
the order on any device."""

from __future__ import annotations

import re

from storefront.orders.access import order_link_number, order_link_token
from storefront.orders.notifications import send_order_confirmation


def test_the_confirmation_link_opens_the_order_in_another_browser(
    app, client, db_session, place_paid_order, outbox
):
    order = place_paid_order()
    with app.test_request_context():
        send_order_confirmation(order)
    body = outbox[-1].get_content()
    for line in ("10 Bayfront Avenue", "SINGAPORE 018956"):
        assert line in body
    link = re.search(r"http://\S+token=\S+", body).group(0)
    path = "/" + link.split("/", 3)[3]

    other_device = app.test_client()
    opened = other_device.get(path)
    assert opened.status_code == 302 and "token" not in opened.location  # spent on the session
    assert other_device.get(opened.location).status_code == 200

    stranger = app.test_client()
    refused = stranger.get(path.replace("token=", "token=x"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 404
    assert f"/en/account/orders/lookup?number={order.number}" in page


def test_order_link_tokens_are_signed_and_expire():
    token = order_link_token("secret", "CZ261201-ABCDEF")
    assert order_link_number("secret", token) == "CZ261201-ABCDEF"
    assert order_link_number("other secret", token) is None
    assert order_link_number("secret", token, max_age=-1) is None
