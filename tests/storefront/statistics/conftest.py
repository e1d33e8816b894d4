"""The small fixed data set the statistics' figures are checked against by hand."""

from __future__ import annotations

import pytest

from catalog.models import ProductChannel, ProductClass
from storefront.customs.declarations.models import DeclarationStatus, MessageType
from storefront.orders.states import OrderStatus
from tests.factories import make_producer, make_product
from tests.storefront.statistics.builders import inventory_list, sold_order, utc


@pytest.fixture
def fixed_data(db_session):
    """Two cooperatives in two counties; five orders in the period and two outside it.

    tea (county A, producer A): 50.00; duck (county B, producer B): 80.00.
    """
    tea = make_product(db_session, price="50.00")
    duck = make_product(
        db_session,
        make_producer(db_session),
        price="80.00",
        product_class=ProductClass.COOKED_POULTRY,
    )
    # January (China time): 2025-01-31 17:00 UTC is 1 February 01:00 in China -> February.
    sold_order(db_session, utc(2025, 1, 5, 3), [(tea, 2)], destination="SG", email="a@x.test")
    sold_order(
        db_session, utc(2025, 1, 31, 17), [(tea, 1), (duck, 1)], destination="HK", email="b@x.test"
    )
    # February: a second order of buyer a; a parcel of duck cancelled (not counted).
    sold_order(
        db_session,
        utc(2025, 2, 10, 4),
        [(tea, 3), (duck, 2)],
        destination="SG",
        email="a@x.test",
        cancelled_producers=frozenset({duck.producer_id}),
    )
    # March: a bonded import order and a cancelled export order (not counted).
    sold_order(
        db_session,
        utc(2025, 3, 3, 2),
        [],
        channel=ProductChannel.BONDED,
        bonded_goods="300.00",
        email="c@x.test",
    )
    sold_order(db_session, utc(2025, 3, 4, 2), [(duck, 5)], status=OrderStatus.CANCELLED)
    # Outside: 31 Dec 2024 15:00 UTC is 31 Dec 23:00 China time; April.
    sold_order(db_session, utc(2024, 12, 31, 15), [(tea, 9)])
    sold_order(db_session, utc(2025, 4, 1, 1), [(tea, 9)])
    # Customs: three export lists sent (two released after 4 h and 10 h), one superseded, one
    # withdrawn before a decision; one import list released after 2 h.
    inventory_list(db_session, utc(2025, 1, 5, 4), released_after_hours=4)
    inventory_list(db_session, utc(2025, 2, 1, 4), released_after_hours=10)
    inventory_list(db_session, utc(2025, 2, 10, 5))
    inventory_list(db_session, utc(2025, 2, 10, 5), status=DeclarationStatus.SUPERSEDED)
    inventory_list(db_session, utc(2025, 2, 11, 5), status=DeclarationStatus.CANCELLED)
    inventory_list(
        db_session,
        utc(2025, 3, 3, 3),
        released_after_hours=2,
        message_type=MessageType.IMPORT_INVENTORY,
    )
    inventory_list(db_session, utc(2025, 5, 1), released_after_hours=1)  # outside
    return tea, duck
