"""Callable factories for catalog objects.

They commit: inside the ``db_session`` fixture a commit only releases a savepoint, so the
objects survive the end of a test-client request and still vanish when the test ends.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from catalog.models import (
    Category,
    County,
    CountyKind,
    CountyTranslation,
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerTranslation,
    Product,
    ProductClass,
    ProductTranslation,
    StorageClass,
    Variant,
)

_sequence = itertools.count(1)


def valid_uscc(serial: int) -> str:
    """A unified social credit code with a correct check digit (Chenzhou region 431000)."""
    body = f"93431000{serial:09d}"
    return body + uscc.calc_check_digit(body)


def make_county(session: Session, code: str | None = None) -> County:
    n = next(_sequence)
    code = code or f"test-county-{n}"
    county = County(
        code=code,
        kind=CountyKind.COUNTY,
        translations=[CountyTranslation(locale="en", name=f"Test County {n}", slug=code)],
    )
    session.add(county)
    session.commit()
    return county


def make_producer(session: Session, county: County | None = None, **overrides) -> Producer:
    n = next(_sequence)
    producer = Producer(
        code=overrides.pop("code", f"test-producer-{n}"),
        county=county or make_county(session),
        kind=ProducerKind.COOPERATIVE,
        uscc=overrides.pop("uscc", valid_uscc(900_000 + n)),
        customs_code=overrides.pop("customs_code", f"43109{n:05d}"),
        status=overrides.pop("status", ProducerStatus.APPROVED),
        translations=[ProducerTranslation(locale="en", name=f"Test Cooperative {n}")],
        **overrides,
    )
    session.add(producer)
    session.commit()
    return producer


def make_product(
    session: Session,
    producer: Producer | None = None,
    *,
    price: str = "58.00",
    stock: int = 10,
    locales: tuple[str, ...] = ("en",),
    **overrides,
) -> Product:
    n = next(_sequence)
    producer = producer or make_producer(session)
    code = overrides.pop("code", f"test-product-{n}")
    product = Product(
        code=code,
        producer=producer,
        county=producer.county,
        category=overrides.pop("category", Category.TEA),
        product_class=overrides.pop("product_class", ProductClass.TEA),
        hs_code=overrides.pop("hs_code", "0902109000"),
        customs_unit=overrides.pop("customs_unit", "140"),
        storage=StorageClass.AMBIENT,
        translations=[
            ProductTranslation(
                locale=locale, name=f"Test tea {n} ({locale})", slug=f"{code}-{locale}"
            )
            for locale in locales
        ],
        variants=[Variant(sku=f"T-{n}", net_weight_g=250, price=Decimal(price), stock=stock)],
        **overrides,
    )
    session.add(product)
    session.flush()
    from storefront.inventory.ledger import record_movement
    from storefront.inventory.models import MovementReason

    for variant in product.variants:  # the ledger accounts for the stock made here
        record_movement(session, variant.id, variant.stock, MovementReason.OPENING)
    session.commit()
    return product


def demo_product(session: Session, code: str) -> Product:
    return session.scalars(select(Product).where(Product.code == code)).one()


STAFF_PASSWORD = "back office passphrase"


def make_user(session: Session, email: str, role, producer=None, producer_role=None):
    """A user of ``role`` (a cooperative member needs ``producer``; its owner by default)."""
    from storefront.accounts.models import ProducerRole, User

    if producer is not None and producer_role is None:
        producer_role = ProducerRole.OWNER
    user = User(
        email=email,
        role=role,
        locale="en",
        producer_id=producer.id if producer else None,
        producer_role=producer_role,
    )
    user.set_password(STAFF_PASSWORD)
    session.add(user)
    session.commit()
    return user


def sign_in(client, email: str, password: str = STAFF_PASSWORD, locale: str = "en"):
    return client.post(f"/{locale}/account/login", data={"email": email, "password": password})
