"""Joining: a buyer applies, the operator approves or refuses with a reason; the owner invites
staff; a suspended producer's listings leave the shop at once and its members can only read.
Brands: a request decided by the steward (or the operator); revoking takes products out."""

from __future__ import annotations

from sqlalchemy import select

from catalog.models import (
    AuthorisationStatus,
    Brand,
    BrandAuthorisationRequest,
    Producer,
    ProducerStatus,
    ProducerStatusEvent,
    Product,
)
from storefront.accounts.models import ProducerRole, User, UserRole
from storefront.accounts.services import register_buyer
from tests.factories import make_user, sign_in, valid_uscc
from tests.storefront.coop.conftest import jpeg

APPLICATION = {
    "name_zh": "嘉禾县稻香米业合作社",
    "name_en": "Jiahe Rice Cooperative",
    "kind": "cooperative",
    "customs_code": "43109901AB",
    "contact_name": "李晓",
    "contact_email": "li.xiao@jiahe-rice.cn",
    "contact_phone": "0735-6612345",
    "description": "嘉禾贡米",
}


def county_id(session) -> str:
    from catalog.models import County

    return str(session.scalars(select(County.id).where(County.code == "jiahe")).one())


def test_a_buyer_applies_and_the_operator_decides(client, db_session):
    register_buyer(
        db_session, email="li.xiao@jiahe.test", password="rice fields 2026", locale="zh-hans"
    )
    db_session.commit()
    assert client.get("/en/coop/apply").status_code == 302  # sign in first
    sign_in(client, "li.xiao@jiahe.test", "rice fields 2026")
    data = {**APPLICATION, "uscc": "91431000MA4L0000XX", "county_id": county_id(db_session)}
    response = client.post("/en/coop/apply", data=data)
    assert response.status_code == 400
    assert "not a valid unified social credit code" in response.get_data(as_text=True)
    assert 'value="嘉禾县稻香米业合作社"' in response.get_data(as_text=True)

    uscc = valid_uscc(424_242)
    response = client.post("/en/coop/apply", data={**data, "uscc": uscc})
    body = response.get_data(as_text=True)
    assert response.status_code == 303, body[body.find('class="problems"') :][:600]
    user = db_session.scalars(select(User).where(User.email == "li.xiao@jiahe.test")).one()
    producer = db_session.get(Producer, user.producer_id)
    assert user.role is UserRole.COOP_MEMBER and user.producer_role is ProducerRole.OWNER
    assert producer.status is ProducerStatus.PENDING and producer.contact_phone == "+867356612345"
    home = client.get("/en/coop/").get_data(as_text=True)
    assert 'id="status-banner"' in home
    assert client.post(f"/en/coop/products/{0}/publish").status_code in (303, 404)

    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    listing = client.get("/en/admin/producers/").get_data(as_text=True)
    assert "嘉禾县稻香米业合作社" in listing or "Jiahe Rice Cooperative" in listing
    response = client.post(f"/en/admin/producers/{producer.id}/refuse", data={"reason": ""})
    assert producer.status is ProducerStatus.PENDING  # a refusal needs its reason
    client.post(
        f"/en/admin/producers/{producer.id}/refuse",
        data={"reason": "The customs registration code does not match the licence"},
    )
    assert producer.status is ProducerStatus.REFUSED

    sign_in(client, "li.xiao@jiahe.test", "rice fields 2026")
    home = client.get("/en/coop/").get_data(as_text=True)
    assert "does not match the licence" in home
    client.post("/en/coop/application", data={**data, "uscc": uscc, "customs_code": "4310990099"})
    assert producer.status is ProducerStatus.PENDING and producer.customs_code == "4310990099"

    sign_in(client, "operator@zone.test")
    client.post(f"/en/admin/producers/{producer.id}/approve")
    assert producer.status is ProducerStatus.APPROVED
    history = db_session.scalars(
        select(ProducerStatusEvent.to_status)
        .where(ProducerStatusEvent.producer_id == producer.id)
        .order_by(ProducerStatusEvent.id)
    ).all()
    assert history == ["pending", "refused", "pending", "approved"]
    detail = client.get(f"/en/admin/producers/{producer.id}").get_data(as_text=True)
    assert "/en/admin/customs/producers#flag-" in detail


def test_suspension_takes_listings_out_at_once_and_leaves_members_reading(
    client, db_session, member_a
):
    product = member_a.product
    slug = next(t.slug for t in product.translations if t.locale == "en")
    assert client.get(f"/en/products/{slug}").status_code == 200
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    client.post(
        f"/en/admin/producers/{member_a.producer.id}/suspend",
        data={"reason": "Inspection certificate expired"},
    )
    assert member_a.producer.status is ProducerStatus.SUSPENDED
    assert client.get(f"/en/products/{slug}").status_code == 404
    listing = client.get("/en/products/?page=1").get_data(as_text=True)
    assert f'href="/en/products/{slug}"' not in listing  # its card is gone

    sign_in(client, member_a.owner_email)
    assert client.get(f"/en/coop/products/{product.id}").status_code == 200
    home = client.get("/en/coop/").get_data(as_text=True)
    assert "Inspection certificate expired" in home
    price = product.variants[0].price
    response = client.post(
        f"/en/coop/packs/{product.variants[0].id}",
        data={
            f"pack{product.variants[0].id}-sku": product.variants[0].sku,
            f"pack{product.variants[0].id}-net_weight_g": "100",
            f"pack{product.variants[0].id}-units_per_pack": "1",
            f"pack{product.variants[0].id}-price": "1.00",
        },
    )
    assert response.status_code == 303 and product.variants[0].price == price
    import io

    client.post(
        f"/en/coop/products/{product.id}/photos",
        data={"photo": (io.BytesIO(jpeg()), "p.jpg")},
        content_type="multipart/form-data",
    )
    assert len(product.photos) == 1  # the fixture's photo only


def test_every_portal_change_the_shop_shows_moves_the_catalog_stamp(client, db_session, member_a):
    """The page and fragment caches are keyed by the catalog stamp: suspension, texts, photos,
    batches, publication, packs and brand decisions all move it, so cached pages drop at once."""
    import io

    from catalog.queries import catalog_version

    product = member_a.product
    french = next(t for t in product.translations if t.locale == "fr")
    changes = [
        lambda: client.post(
            f"/en/coop/products/{product.id}/texts/fr",
            data={"fr-name": french.name, "fr-summary": "Nouveau résumé", "fr-description": ""},
        ),
        lambda: client.post(
            f"/en/coop/products/{product.id}/photos",
            data={"photo": (io.BytesIO(jpeg()), "p.jpg")},
            content_type="multipart/form-data",
        ),
        lambda: client.post(
            f"/en/coop/products/{product.id}/batches",
            data={"lot_number": "LW-9", "kind": "harvest", "produced_on": "2026-11-01"},
        ),
        lambda: client.post(f"/en/coop/products/{product.id}/unpublish"),
    ]
    for change in changes:
        before = catalog_version(db_session)
        assert change().status_code == 303
        assert catalog_version(db_session) != before
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    before = catalog_version(db_session)
    client.post(f"/en/admin/producers/{member_a.producer.id}/suspend", data={"reason": "Audit"})
    assert catalog_version(db_session) != before


def test_the_owner_invites_staff_who_join_with_the_invited_address(client, db_session, member_a):
    from storefront.mail import MemoryMailer

    mailer = MemoryMailer()
    client.application.extensions["mailer"], original = (
        mailer,
        client.application.extensions["mailer"],
    )
    try:
        client.post("/en/coop/members/invite", data={"email": "Wang.Fang@Linwu.test"})
    finally:
        client.application.extensions["mailer"] = original
    (message,) = mailer.outbox
    assert message["To"] == "wang.fang@linwu.test"
    link = next(line for line in message.get_content().splitlines() if "/coop/invitations/" in line)
    path = link[link.index("/en/coop/invitations/") :]

    register_buyer(
        db_session, email="someone.else@example.test", password="another pass 1", locale="en"
    )
    register_buyer(
        db_session, email="wang.fang@linwu.test", password="duck farmer 2026", locale="en"
    )
    db_session.commit()
    sign_in(client, "someone.else@example.test", "another pass 1")
    response = client.post(path)
    assert response.status_code == 400
    assert "sent to another e-mail address" in response.get_data(as_text=True)

    sign_in(client, "wang.fang@linwu.test", "duck farmer 2026")
    assert client.post(path).status_code == 303
    staff = db_session.scalars(select(User).where(User.email == "wang.fang@linwu.test")).one()
    assert staff.producer_id == member_a.producer.id and staff.producer_role is ProducerRole.STAFF
    assert client.get(path).status_code == 404  # used once
    assert (
        client.post("/en/coop/members/invite", data={"email": "x@example.test"}).status_code == 303
    )
    assert db_session.scalars(select(User).where(User.email == "x@example.test")).first() is None

    sign_in(client, member_a.owner_email)
    client.post(f"/en/coop/members/{staff.id}/remove")
    assert staff.role is UserRole.BUYER and staff.producer_id is None


def test_a_brand_request_is_decided_by_its_steward_and_can_be_revoked(client, db_session, coops):
    a, b = coops
    brand = db_session.get(Brand, b.ids["brand_id"])  # stewarded by B
    sign_in(client, a.owner_email)
    client.post(
        "/en/coop/brands/requests",
        data={"brand_id": str(brand.id), "message": "We buy their oranges"},
    )
    request = db_session.scalars(
        select(BrandAuthorisationRequest).where(
            BrandAuthorisationRequest.brand_id == brand.id,
            BrandAuthorisationRequest.producer_id == a.producer.id,
        )
    ).one()
    assert (
        client.post(
            f"/en/coop/brands/requests/{request.id}/decide",
            data={f"r{request.id}-decision": "approve"},
        ).status_code
        == 404
    )  # A does not steward this brand

    sign_in(client, b.owner_email)
    page = client.get("/en/coop/brands/").get_data(as_text=True)
    assert "We buy their oranges" in page
    client.post(
        f"/en/coop/brands/requests/{request.id}/decide", data={f"r{request.id}-decision": "approve"}
    )
    assert request.status is AuthorisationStatus.APPROVED
    assert a.producer in brand.authorized_producers

    a.product.brand_id = brand.id
    a.product.is_published = True
    db_session.commit()
    client.post(
        f"/en/coop/brands/{brand.id}/producers/{a.producer.id}/revoke",
        data={"reason": "Not grown in Yongxing"},
    )
    db_session.refresh(brand)
    assert a.producer not in brand.authorized_producers
    assert not db_session.get(Product, a.product.id).is_published
    assert request.status is AuthorisationStatus.REVOKED


def test_the_operator_decides_any_brand_request(client, db_session, coops):
    a, _b = coops
    request = db_session.get(BrandAuthorisationRequest, a.ids["request_id"])  # mangshan-red
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in(client, "operator@zone.test")
    page = client.get("/en/admin/producers/brand-requests").get_data(as_text=True)
    assert f'id="decide-{request.id}"' in page
    client.post(
        f"/en/admin/producers/brand-requests/{request.id}",
        data={f"r{request.id}-decision": "refuse", f"r{request.id}-reason": ""},
    )
    assert request.status is AuthorisationStatus.PENDING  # a refusal needs its reason
    client.post(
        f"/en/admin/producers/brand-requests/{request.id}",
        data={f"r{request.id}-decision": "refuse", f"r{request.id}-reason": "Not a tea producer"},
    )
    assert request.status is AuthorisationStatus.REFUSED
    sign_in(client, a.owner_email)
    assert "Not a tea producer" in client.get("/en/coop/brands/").get_data(as_text=True)
