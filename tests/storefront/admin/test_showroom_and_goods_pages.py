"""The showrooms, pickup slots and bonded goods pages, in the reference-table pattern."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from storefront.pickup.goods import BondedGood
from storefront.pickup.showrooms import PickupSlot, Showroom
from storefront.preferences.visitor import shop_today
from tests.i18n import translated_html
from tests.storefront.admin.reference import posted, row_keys, sign_in_operator

SHOWROOMS = "/en/admin/bonded/showrooms"

# Showrooms and slots -------------------------------------------------------------------------


def _showroom(session) -> Showroom:
    return session.scalars(select(Showroom)).first()


def _showroom_values(showroom: Showroom, **changes: str) -> dict[str, str]:
    values = {
        "opens_at": showroom.opens_at.strftime("%H:%M"),
        "closes_at": showroom.closes_at.strftime("%H:%M"),
        "slot_minutes": str(showroom.slot_minutes),
        "slot_capacity": str(showroom.slot_capacity),
        "preparation_minutes": str(showroom.preparation_minutes),
        "pickup_window_days": str(showroom.pickup_window_days),
        "is_active": "y",
        **changes,
    }
    return posted(f"r{showroom.id}", **values)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_showroom_hours_are_edited_and_bad_ones_refused(app, client, db_session, locale):
    sign_in_operator(client, db_session, locale)
    showroom = _showroom(db_session)
    page = f"/{locale}/admin/bonded/showrooms"
    response = client.post(page, data=_showroom_values(showroom, closes_at="08:00"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = translated_html(app, locale, "Closing comes after opening.")
    assert f'id="r{showroom.id}-closes_at-error">{message}</p>' in html
    assert 'value="08:00"' in html
    response = client.post(page, data=_showroom_values(showroom, opens_at="25:99"))
    assert response.status_code == 422
    assert translated_html(app, locale, "A time such as 09:30 (China time).") in (
        response.get_data(as_text=True)
    )
    response = client.post(page, data=_showroom_values(showroom, closes_at="20:00"))
    assert response.status_code == 303
    db_session.expire_all()
    assert _showroom(db_session).closes_at.strftime("%H:%M") == "20:00"


def test_a_slot_capacity_never_goes_below_the_places_booked(client, db_session, operator):
    slot = db_session.scalars(select(PickupSlot).order_by(PickupSlot.starts_at.desc())).first()
    slot.booked = 3
    db_session.commit()
    response = client.post("/en/admin/bonded/slots", data=posted(f"r{slot.id}", capacity="2"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="r{slot.id}-capacity-error">Fewer places than buyers already booked' in html
    assert 'value="2"' in html
    response = client.post("/en/admin/bonded/slots", data=posted(f"r{slot.id}", capacity="12"))
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(PickupSlot, slot.id).capacity == 12


def test_slots_are_filtered_by_showroom_and_day(client, db_session, operator):
    slots = db_session.scalars(select(PickupSlot).order_by(PickupSlot.starts_at)).all()
    day = slots[-1].starts_at
    html = client.get(f"{SHOWROOMS}?since=2000-01-01").get_data(as_text=True)
    assert len(row_keys(html, "slots")) == min(len(slots), 300)
    html = client.get(SHOWROOMS).get_data(as_text=True)  # the next three China days
    today = shop_today()
    in_three_days = [
        s
        for s in slots
        if today <= (s.starts_at + timedelta(hours=8)).date() < today + timedelta(3)
    ]
    assert len(row_keys(html, "slots")) == len(in_three_days) > 0
    china_day = (day + timedelta(hours=8)).date().isoformat()
    html = client.get(f"{SHOWROOMS}?since={china_day}&until={china_day}").get_data(as_text=True)
    shown = row_keys(html, "slots")
    assert shown and f"r{slots[-1].id}" in shown and f"r{slots[0].id}" not in shown


# Bonded goods --------------------------------------------------------------------------------


GOODS = "/en/admin/bonded/"


def test_bonded_goods_are_filtered_and_their_sale_terms_edited_in_place(
    client, db_session, operator
):
    goods = db_session.scalars(select(BondedGood)).all()
    html = client.get(GOODS).get_data(as_text=True)
    assert len(row_keys(html, "goods")) == len(goods) > 1
    one = goods[0]
    html = client.get(f"{GOODS}?text={one.sku.lower()}").get_data(as_text=True)
    assert row_keys(html, "goods") == [f"r{one.id}"]
    html = client.get(f"{GOODS}?category={one.category.value}&on_sale=yes").get_data(as_text=True)
    assert f"r{one.id}" in row_keys(html, "goods")
    html = client.get(f"{GOODS}?text=%25_%25").get_data(as_text=True)  # wildcards are text
    assert row_keys(html, "goods") == []

    key = f"r{one.id}"
    response = client.post(
        GOODS, data={"row": key, f"{key}-price": "0", f"{key}-is_published": "y"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{key}-price-error">A price above 0 and up to 1,000,000 CNY' in html
    assert f'id="{key}-price"' in html and 'value="0"' in html
    response = client.post(
        f"{GOODS}?on_sale=no",
        data={"row": key, f"{key}-price": "99.90", f"{key}-is_published": "y"},
    )
    assert response.status_code == 303 and response.location.endswith("?on_sale=no")
    db_session.expire_all()
    saved = db_session.get(BondedGood, one.id)
    assert saved.price == Decimal("99.90") and not saved.on_positive_list and not saved.on_sale
    assert f"r{one.id}" in row_keys(client.get(response.location).get_data(as_text=True), "goods")
