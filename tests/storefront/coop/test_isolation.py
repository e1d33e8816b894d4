"""A member reaches only their own producer's things, on every route of the portal.

The routes are read from the blueprint in the URL map, so a route added later is walked too:
as a member of producer A with producer B's identifiers every one answers 404; anonymous
visitors are sent to sign in; a buyer gets 403.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from catalog.base import Base
from storefront.accounts.models import UserRole
from tests.factories import make_user, sign_in

LOCALE = "zh-hans"


def portal_rules(app, blueprint: str = "coop"):
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != blueprint:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            rules.append((rule, method))
    return sorted(rules, key=lambda pair: (pair[0].rule, pair[1]))


def path_for(rule, values: dict[str, object]) -> str:
    parts = []
    for is_dynamic, data in rule._trace:
        if not is_dynamic:
            parts.append(data)
        elif data == "locale":
            parts.append(LOCALE)
        else:
            parts.append(str(values[data]))
    return "".join(parts).split("|", 1)[-1]


def row_counts(session) -> tuple[int, ...]:
    names = sorted(Base.metadata.tables)
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {name})" for name in names)
    return tuple(session.execute(text(sql)).one())


def test_the_portal_has_the_routes_this_test_knows(app):
    """Every parameter of a portal route is one this test can fill with producer B's ids."""
    known = {
        "locale",
        "product_id",
        "pack_id",
        "photo_id",
        "batch_id",
        "parcel_id",
        "request_id",
        "brand_id",
        "producer_id",
        "invitation_id",
        "member_id",
        "text_locale",
    }
    rules = portal_rules(app)
    assert len(rules) >= 40
    for rule, _method in rules:
        assert set(rule.arguments) <= known, rule.rule


def test_every_route_with_another_producers_ids_is_a_404(app, client, db_session, coops):
    a, b = coops
    sign_in(client, a.owner_email)
    values = {**b.ids, "text_locale": "fr"}
    walked = 0
    for rule, method in portal_rules(app):
        if set(rule.arguments) == {"locale"}:
            continue  # no identifier: the member's own pages (checked below)
        path = path_for(rule, values)
        before = row_counts(db_session)
        response = client.open(path, method=method, data={"reason": "x", "decision": "approve"})
        assert response.status_code == 404, (method, path, response.status_code)
        assert row_counts(db_session) == before, (method, path)
        walked += 1
    assert walked >= 25


def test_the_members_own_pages_show_nothing_of_another_producer(app, client, db_session, coops):
    a, b = coops
    sign_in(client, a.owner_email)
    foreign = [b.product.code, b.owner_email, "new@yongxing.test"]
    for rule, method in portal_rules(app):
        if set(rule.arguments) != {"locale"} or method != "GET":
            continue
        response = client.get(path_for(rule, {}))
        assert response.status_code == 200, rule.rule
        body = response.get_data(as_text=True)
        for text_of_b in foreign:
            assert text_of_b not in body, (rule.rule, text_of_b)


def test_the_members_own_objects_are_found(app, client, db_session, coops):
    """The same walk with A's own ids: no page of A is a 404 (the 404s above are real)."""
    a, _b = coops
    sign_in(client, a.owner_email)
    values = {**a.ids, "text_locale": "fr"}
    for rule, method in portal_rules(app):
        if method != "GET":
            continue
        response = client.get(path_for(rule, values))
        assert response.status_code == 200, rule.rule


def test_anonymous_visitors_are_sent_to_sign_in(app, client, db_session, coops):
    values = {**coops[1].ids, "text_locale": "fr"}
    for blueprint in ("coop", "coop_joining"):
        for rule, method in portal_rules(app, blueprint):
            path = path_for(rule, {**values, "token": "x"})
            response = client.open(path, method=method)
            assert response.status_code == 302, (method, path)
            assert f"/{LOCALE}/account/login" in response.location


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.SHOWROOM_STAFF, UserRole.OPERATOR])
def test_other_roles_get_403(app, client, db_session, coops, role):
    make_user(db_session, f"{role.value}@example.test", role)
    sign_in(client, f"{role.value}@example.test")
    values = {**coops[1].ids, "text_locale": "fr"}
    before = row_counts(db_session)
    for rule, method in portal_rules(app):
        response = client.open(path_for(rule, values), method=method, data={"reason": "x"})
        assert response.status_code == 403, (role, method, rule.rule)
    assert row_counts(db_session) == before
