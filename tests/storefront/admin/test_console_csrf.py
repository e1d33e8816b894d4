"""CSRF on every form of the management pages (a test with CSRF on): a POST without its token
is refused with 400 and writes nothing, whatever it carries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog.models import Brand
from storefront.accounts.models import UserRole
from tests.factories import demo_product, make_user
from tests.storefront.coop.test_csrf_and_queries import sign_in_with_token
from tests.storefront.coop.test_isolation import path_for, portal_rules, row_counts

BLUEPRINTS = ("admin_producer_record", "admin_brands", "admin_users", "admin_producers")


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_every_management_post_needs_its_token(app, client, db_session, csrf_on):
    operator = make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    other = make_user(db_session, "buyer@zone.test", UserRole.BUYER)
    duck = demo_product(db_session, "linwu-braised-duck")
    brand = db_session.scalars(select(Brand).where(Brand.code == "linwu-duck")).one()
    values = {
        "producer_id": duck.producer_id,
        "brand_id": brand.id,
        "user_id": other.id,
        "content_locale": "fr",
        "request_id": 1,
    }
    sign_in_with_token(client, operator.email)
    data = {
        "reason": "x",
        "negative-reason": "x",
        "complaint-text": "x",
        f"revoke{duck.producer_id}-reason": "x",
        "steward-steward_producer_id": "",
        "grant-producer_id": str(duck.producer_id),
        f"u{other.id}-role": "operator",
        "texts-name": "Canard",
    }
    checked = []
    for blueprint in BLUEPRINTS:
        for rule, method in portal_rules(app, blueprint):
            if method != "POST" or blueprint == "admin_producers" and "brand" in rule.rule:
                continue
            before = row_counts(db_session)
            response = client.post(path_for(rule, values), data=data)
            assert response.status_code == 400, rule.rule
            assert row_counts(db_session) == before, rule.rule
            checked.append(rule.endpoint)
    assert len(checked) >= 12
    assert duck.producer.on_negative_list is False and other.role is UserRole.BUYER
