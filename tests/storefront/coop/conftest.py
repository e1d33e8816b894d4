"""Two cooperatives of the demo catalog, each with an owner and a bit of everything the portal
shows: a photo, a parcel, a brand request, an invitation, a staff member."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from PIL import Image
from sqlalchemy import select

from catalog.brand_authorisations import request_authorisation
from catalog.listings.photo_list import add_photo
from catalog.models import Batch, Brand, Producer, Product, ProductTranslation
from storefront.accounts.memberships import invite
from storefront.accounts.models import ProducerRole, UserRole
from storefront.checkout.placement import place_order
from storefront.media import photo_store
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from storefront.shipping.models import ShippingMethod
from tests.factories import make_user, sign_in
from tests.storefront.conftest import buyer

LINWU, YONGXING = "linwu-duck-coop", "yongxing-orange-coop"


def jpeg(width: int = 800, height: int = 600, color=(200, 80, 40), exif: bytes | None = None):
    image = Image.new("RGB", (width, height), color)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


@dataclass
class Coop:
    producer: Producer
    owner_email: str
    product: Product
    ids: dict[str, int]


def producer_by_code(session, code: str) -> Producer:
    return session.scalars(select(Producer).where(Producer.code == code)).one()


def first_product(session, producer: Producer) -> Product:
    return session.scalars(
        select(Product).where(Product.producer_id == producer.id).order_by(Product.id)
    ).first()


def build_coop(app, session, code: str, name: str, order_declarations) -> Coop:
    producer = producer_by_code(session, code)
    owner = make_user(session, f"owner@{name}.test", UserRole.COOP_MEMBER, producer)
    staff = make_user(
        session, f"staff@{name}.test", UserRole.COOP_MEMBER, producer, ProducerRole.STAFF
    )
    product = first_product(session, producer)
    photo = add_photo(
        session,
        photo_store(app),
        producer.id,
        product.id,
        jpeg(),
        actor_user_id=owner.id,
        max_bytes=app.config["PHOTO_MAX_BYTES"],
        max_pixels=app.config["PHOTO_MAX_PIXELS"],
    )
    batch = session.scalars(select(Batch).where(Batch.product_id == product.id)).first()
    order = place_order(
        session, {product.variants[0].id: 1}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    mark_order_paid(session, order, actor=Actor("test"), declarations=order_declarations)
    other_brand = session.scalars(
        select(Brand).where(Brand.code == "mangshan-red")  # nobody is authorised for it
    ).one()
    brand_request = request_authorisation(
        session, producer.id, other_brand.id, message="", actor_user_id=owner.id
    )
    invitation = invite(session, producer.id, owner.id, f"new@{name}.test").invitation
    stewarded = session.scalars(
        select(Brand).where(
            Brand.code == ("linwu-duck" if code == LINWU else "yongxing-rock-sugar-orange")
        )
    ).one()
    stewarded.steward_producer_id = producer.id
    session.commit()
    return Coop(
        producer=producer,
        owner_email=owner.email,
        product=product,
        ids={
            "product_id": product.id,
            "pack_id": product.variants[0].id,
            "photo_id": photo.id,
            "batch_id": batch.id,
            "parcel_id": order.sub_orders[0].id,
            "request_id": brand_request.id,
            "brand_id": stewarded.id,
            "producer_id": producer.id,
            "invitation_id": invitation.id,
            "member_id": staff.id,
        },
    )


@pytest.fixture
def coops(app, db_session, shipping_rates, order_declarations):
    """(A, B): the Linwu duck and the Yongxing orange cooperatives, each with its owner."""
    return (
        build_coop(app, db_session, LINWU, "linwu", order_declarations),
        build_coop(app, db_session, YONGXING, "yongxing", order_declarations),
    )


@pytest.fixture
def member_a(client, coops):
    sign_in(client, coops[0].owner_email)
    return coops[0]


def chinese_name(product: Product) -> str:
    return next(t.name for t in product.translations if t.locale == "zh-hans")


__all__ = ["ProductTranslation", "chinese_name"]
