"""The console's reference data pages: operator only, linked in one group of the nav, and\nconstant query counts whatever the number of rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.models import DestinationRule, EligibilityStatus, ExchangeRate, ProductClass
from storefront.accounts.models import UserRole
from storefront.bonded.goods_admin import GOOD_FIELDS
from storefront.customs.declarations.destination_ports import DestinationPort
from storefront.pickup.goods import BondedGood, BondedGoodTranslation
from storefront.pickup.showrooms import Showroom, ensure_slots
from storefront.preferences.visitor import shop_today
from tests.factories import make_producer, make_user, sign_in
from tests.storefront.admin.reference import PAGES

POSTS = (
    "/en/admin/shipping-rates/",
    "/en/admin/exchange-rates/",
    "/en/admin/destination-rules/",
    "/en/admin/customs/ports",
    "/en/admin/bonded/showrooms",
    "/en/admin/bonded/slots",
    "/en/admin/bonded/",
)


def test_anonymous_visitors_are_sent_to_sign_in(client, db_session):
    for path in PAGES + POSTS:
        response = client.get(path) if path in PAGES else client.post(path, data={"row": "new"})
        assert response.status_code == 302 and "/account/login" in response.location, path


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF])
def test_other_roles_are_refused(client, db_session, role):
    producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
    make_user(db_session, f"{role.value}@example.com", role, producer)
    sign_in(client, f"{role.value}@example.com")
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    for path in POSTS:
        assert client.post(path, data={"row": "new"}).status_code == 403, path


def test_the_console_links_every_reference_page_in_one_group(client, db_session, operator):
    html = client.get("/en/admin/").get_data(as_text=True)
    group = html.split('id="console-nav-reference"', 1)[1].split("</div>", 1)[0]
    for path in PAGES:
        assert f'href="{path}"' in group, path
    page = client.get("/en/admin/customs/ports").get_data(as_text=True)
    assert '<a href="/en/admin/customs/ports" aria-current="page">' in page
    assert '<a href="/en/admin/customs/" aria-current="page">' not in page


# Query counts --------------------------------------------------------------------------------


def test_the_pages_cost_the_same_queries_with_more_rows(
    client, db_session, operator, count_queries
):
    pages = PAGES[1:6]
    for path in pages:
        client.get(path)
    counts = {}
    for path in pages:
        with count_queries() as queries:
            client.get(path)
        counts[path] = len(queries)
    for offset in range(1, 31):
        db_session.add(
            ExchangeRate(
                currency="USD",
                effective_on=date(2001, 1, 1) + timedelta(days=offset),
                units_per_cny=Decimal("0.14"),
            )
        )
    for country in ("JP", "KR", "AU", "NZ", "US"):
        for product_class in (ProductClass.TEA, ProductClass.NOODLES):
            if not db_session.scalars(
                select(DestinationRule).where(
                    DestinationRule.country == country,
                    DestinationRule.product_class == product_class,
                )
            ).first():
                db_session.add(
                    DestinationRule(
                        product_class=product_class,
                        country=country,
                        status=EligibilityStatus.ALLOWED,
                        reason_code="operator",
                        documents=[],
                    )
                )
    showroom = db_session.scalars(select(Showroom)).first()
    assert ensure_slots(db_session, showroom, shop_today() + timedelta(days=2), 20) > 0
    db_session.add(
        DestinationPort(country="SA", code="131", name="", source="test", recorded_by="test")
    )
    model = db_session.scalars(select(BondedGood)).first()
    for number in range(8):
        copy = BondedGood(**{name: getattr(model, name) for name in GOOD_FIELDS})
        copy.sku = f"QC-{number}"
        copy.translations = [BondedGoodTranslation(locale="en", name=f"Copy {number}")]
        db_session.add(copy)
    db_session.commit()
    for path in pages:
        client.get(path)
        with count_queries() as queries:
            client.get(path)
        assert len(queries) == counts[path], path
