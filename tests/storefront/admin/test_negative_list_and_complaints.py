"""The negative list: the operator puts a producer on it with a reason and takes it off; while
it is on it, nothing of it is published, shown or ordered. Complaints filed against a producer
count in its credit record; every bad value is refused at its field, keeping what was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.listings.problems import ListingRefused
from catalog.listings.publishing import publish, publish_problems
from catalog.models import NegativeListEntry
from catalog.negative_list import put_on
from storefront.accounts.models import UserRole
from storefront.admin.models import ConsoleAction, ProducerComplaint
from storefront.checkout.cart import ProducerNotTakingOrders
from storefront.checkout.placement import place_order
from storefront.shipping.models import ShippingMethod
from tests.factories import demo_product, make_user, sign_in
from tests.storefront.conftest import buyer


@pytest.fixture
def operator(client, db_session):
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")


def test_the_negative_list_blocks_publishing_the_shop_and_new_orders(
    client, db_session, shipping_rates, operator
):
    duck = demo_product(db_session, "linwu-braised-duck")
    producer = duck.producer
    slug = next(t.slug for t in duck.translations if t.locale == "en")
    pack = duck.variants[0].id
    assert client.get(f"/en/products/{slug}").status_code == 200
    client.post("/en/cart/add", data={"variant_id": pack})  # in the cart before the listing

    response = client.post(f"/en/admin/producers/{producer.id}/negative-list", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Please give a reason." in html
    assert producer.on_negative_list is False

    response = client.post(
        f"/en/admin/producers/{producer.id}/negative-list",
        data={"negative-reason": "Forged inspection certificates"},
    )
    assert response.status_code == 303
    assert producer.on_negative_list is True
    page = client.get(f"/en/admin/producers/{producer.id}").get_data(as_text=True)
    assert "Forged inspection certificates" in page and 'id="negative-remove"' in page
    listing = client.get("/en/admin/producers/").get_data(as_text=True)
    assert 'class="negative-flag"' in listing

    # the shop no longer offers its products
    assert client.get(f"/en/products/{slug}").status_code == 404
    assert f'href="/en/products/{slug}"' not in client.get("/en/products/").get_data(as_text=True)
    # the cart drops the line it held and says why; adding again is refused with the reason
    cart = client.get("/en/cart").get_data(as_text=True)
    assert "this producer is not taking orders" in cart
    response = client.post("/en/cart/add", data={"variant_id": pack}, follow_redirects=True)
    assert "this producer is not taking orders" in response.get_data(as_text=True)
    with pytest.raises(ProducerNotTakingOrders) as refused:
        place_order(db_session, {pack: 1}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS)
    assert refused.value.variant_ids == [pack]
    db_session.rollback()
    # nothing may be published
    assert "producer_on_negative_list" in {p.code for p in publish_problems(db_session, duck)}
    duck.is_published = False
    db_session.commit()
    with pytest.raises(ListingRefused):
        publish(db_session, producer.id, duck.id, actor_user_id=None)
    db_session.rollback()
    duck.is_published = True
    db_session.commit()

    # taking it off needs a reason too, then everything is back
    response = client.post(f"/en/admin/producers/{producer.id}/negative-list/remove", data={})
    assert response.status_code == 400 and producer.on_negative_list is True
    client.post(
        f"/en/admin/producers/{producer.id}/negative-list/remove",
        data={"negative-reason": "Certificates verified by the inspection bureau"},
    )
    assert producer.on_negative_list is False
    assert client.get(f"/en/products/{slug}").status_code == 200
    (entry,) = db_session.scalars(
        select(NegativeListEntry).where(NegativeListEntry.producer_id == producer.id)
    ).all()
    assert entry.reason == "Forged inspection certificates"
    assert entry.removal_reason == "Certificates verified by the inspection bureau"
    assert entry.removed_at is not None


def test_a_complaint_is_refused_at_its_field_and_then_counted(
    client, db_session, place_paid_order, operator
):
    order = place_paid_order(book=False)
    producer = order.sub_orders[0].producer
    other_order_number = "CZ00000000-9999"
    response = client.post(
        f"/en/admin/producers/{producer.id}/complaints",
        data={
            "complaint-text": "Parcel arrived crushed",
            "complaint-order_number": other_order_number,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"No order has the number {other_order_number}." in html
    assert "Parcel arrived crushed</textarea>" in html  # what was typed is kept

    response = client.post(
        f"/en/admin/producers/{producer.id}/complaints",
        data={"complaint-text": "  ", "complaint-order_number": ""},
    )
    assert response.status_code == 400
    assert "Please describe the complaint." in response.get_data(as_text=True)

    response = client.post(
        f"/en/admin/producers/{producer.id}/complaints",
        data={"complaint-text": "Parcel arrived crushed", "complaint-order_number": order.number},
    )
    assert response.status_code == 303
    page = client.get(f"/en/admin/producers/{producer.id}").get_data(as_text=True)
    assert "Parcel arrived crushed" in page and order.number in page
    assert '<td id="credit-complaints">1</td>' in page
    complaint = db_session.scalars(
        select(ProducerComplaint).where(ProducerComplaint.producer_id == producer.id)
    ).one()
    assert complaint.order_id == order.id
    action = db_session.scalars(
        select(ConsoleAction).where(ConsoleAction.action == "complaint_filed")
    ).one()
    assert action.object_ref == str(producer.id)


def test_an_order_of_another_producer_is_refused(client, db_session, place_paid_order, operator):
    order = place_paid_order(book=False)
    producer = order.sub_orders[0].producer
    from tests.factories import make_producer

    stranger = make_producer(db_session)
    response = client.post(
        f"/en/admin/producers/{stranger.id}/complaints",
        data={"complaint-text": "Late", "complaint-order_number": order.number.lower()},
    )
    assert response.status_code == 400
    assert f"Order {order.number} holds nothing of this producer." in response.get_data(
        as_text=True
    )
    assert producer.id != stranger.id


def test_a_suspension_without_reason_is_refused_at_its_field(client, db_session, operator):
    duck = demo_product(db_session, "linwu-braised-duck")
    response = client.post(f"/en/admin/producers/{duck.producer_id}/suspend", data={"reason": " "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="reason-error"' in html and "Please give a reason." in html
    assert duck.producer.status.value == "approved"


def test_the_members_read_why_they_cannot_publish(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    owner = make_user(db_session, "owner@linwu.test", UserRole.COOP_MEMBER, duck.producer)
    put_on(db_session, duck.producer_id, reason="Fraud", actor_user_id=None)
    db_session.commit()
    sign_in(client, owner.email)
    home = client.get("/en/coop/").get_data(as_text=True)
    assert 'id="negative-list-banner"' in home
    assert "on the zone’s negative list" in home or "on the zone's negative list" in home
