"""The partner API: tokens issued in the console (hashed, scoped, revocable, rate limited),
buyers masked, every answer following the OpenAPI document."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from storefront.accounts.models import UserRole
from storefront.api.tokens import ApiToken, issue_token
from tests.factories import make_producer, make_product, make_user, sign_in
from tests.storefront.statistics.builders import inventory_list, sold_order, utc

ROOT = Path(__file__).resolve().parents[3]


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def token(db_session):
    def make(*scopes: str) -> str:
        _row, raw = issue_token(db_session, "Bank of Test", list(scopes), created_by=None)
        db_session.commit()
        return raw

    return make


def check(client, name: str, body) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(body)


def test_without_a_valid_token_the_partner_api_answers_401(client, db_session):
    for path in ("/api/v1/producers", "/api/v1/orders", "/api/v1/declarations"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        check(client, "Error", response.get_json())
        assert client.get(path, headers=bearer("czp_not-a-token")).status_code == 401


def test_a_token_opens_only_its_scopes(client, db_session, token):
    raw = token("producers:read")
    producers = client.get("/api/v1/producers?per_page=100", headers=bearer(raw))
    assert producers.status_code == 200
    body = producers.get_json()
    check(client, "PartnerProducerPage", body)
    assert body["total"] >= 1 and all("contact_email" not in p for p in body["items"])
    refused = client.get("/api/v1/orders", headers=bearer(raw))
    assert refused.status_code == 403 and "orders:read" in refused.get_json()["error"]["message"]


def test_the_token_is_stored_hashed_and_shown_once_in_the_console(client, db_session):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")
    response = client.post(
        "/en/admin/api-tokens/",
        data={"name": "Chenzhou Logistics", "scopes": ["orders:read", "declarations:read"]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "it will not be shown again" in html
    raw = html.split('<code class="token-value" dir="ltr">')[1].split("<")[0]
    row = db_session.scalars(select(ApiToken).where(ApiToken.name == "Chenzhou Logistics")).one()
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(row.__dict__) and row.scopes == ["orders:read", "declarations:read"]
    listing = client.get("/en/admin/api-tokens/").get_data(as_text=True)
    assert raw not in listing and row.token_start in listing
    assert client.get("/api/v1/declarations", headers=bearer(raw)).status_code == 200
    # revoked: the API no longer opens
    revoked = client.post(f"/en/admin/api-tokens/{row.id}/revoke")
    assert revoked.status_code == 303
    assert client.get("/api/v1/declarations", headers=bearer(raw)).status_code == 401


def test_a_token_request_without_name_or_scope_is_refused_at_its_field(client, db_session):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")
    response = client.post("/en/admin/api-tokens/", data={"name": "  ", "scopes": ["orders:read"]})
    assert response.status_code == 422
    assert "Please give the partner&#39;s name." in response.get_data(as_text=True)
    response = client.post("/en/admin/api-tokens/", data={"name": "Bank", "scopes": ["admin:all"]})
    html = response.get_data(as_text=True)
    assert "Choose at least one of the scopes." in html and 'value="Bank"' in html
    assert db_session.scalars(select(ApiToken)).all() == []
    response = client.post(
        "/en/admin/api-tokens/", data={"name": "Bank\x00 of\x1b Test", "scopes": ["orders:read"]}
    )
    assert response.status_code == 200
    assert db_session.scalars(select(ApiToken.name)).all() == ["Bank of Test"]


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF])
def test_other_roles_cannot_issue_tokens(client, db_session, role):
    producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
    make_user(db_session, f"{role.value}@example.com", role, producer)
    sign_in(client, f"{role.value}@example.com")
    assert client.get("/en/admin/api-tokens/").status_code == 403
    assert client.post("/en/admin/api-tokens/", data={"name": "x"}).status_code == 403


def test_orders_mask_the_buyer_and_follow_the_schema(client, db_session, token):
    tea = make_product(db_session, price="50.00")
    order = sold_order(db_session, utc(2025, 2, 10, 4), [(tea, 3)], destination="FR")
    order.recipient_name, order.city = "Amélie Laurent", "Paris"
    db_session.commit()
    raw = token("orders:read")
    page = client.get("/api/v1/orders?paid_from=2025-02-01&paid_to=2025-02-28", headers=bearer(raw))
    body = page.get_json()
    check(client, "PartnerOrderPage", body)
    assert [o["number"] for o in body["items"]] == [order.number]
    item = body["items"][0]
    assert item["buyer"] == {"name": "A*** L***"}
    assert item["destination"] == {"country": "FR", "city": "Paris"}
    assert "email" not in str(item) and "phone" not in str(item) and "Laurent" not in str(item)
    assert Decimal(item["goods_total"]["amount"]) == Decimal("150.00")
    assert item["parcels"][0]["producer"] == tea.producer.code
    detail = client.get(f"/api/v1/orders/{order.number}", headers=bearer(raw))
    check(client, "PartnerOrder", detail.get_json())
    missing = client.get("/api/v1/orders/NOPE", headers=bearer(raw))
    assert missing.status_code == 404
    check(client, "Error", missing.get_json())
    bad = client.get("/api/v1/orders?paid_from=2025-13-01", headers=bearer(raw))
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "paid_from"


def test_declarations_follow_the_schema_and_filter_by_status(client, db_session, token):
    inventory_list(db_session, utc(2025, 1, 5, 4), released_after_hours=4)
    inventory_list(db_session, utc(2025, 1, 6, 4))
    raw = token("declarations:read")
    body = client.get("/api/v1/declarations?status=released", headers=bearer(raw)).get_json()
    check(client, "PartnerDeclarationPage", body)
    assert {d["status"] for d in body["items"]} == {"released"}
    assert client.get("/api/v1/declarations?status=x", headers=bearer(raw)).status_code == 400


# A process of its own: the limiter is a module-level extension, disabled in the test app.
RATE_WORKER = """
import json, sys
from storefront import create_app
from storefront.api.tokens import issue_token
from storefront.extensions import db

app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1], "RATELIMIT_ENABLED": True,
                  "RATELIMIT_FILE": sys.argv[2], "PARTNER_API_RATE_LIMIT": "3 per minute",
                  "MAIL_BACKEND": "memory", "PAGE_CACHE_SECONDS": 0})
with app.app_context():
    db.create_all()
    first = issue_token(db.session, "Bank", ["producers:read"], created_by=None)[1]
    second = issue_token(db.session, "Carrier", ["producers:read"], created_by=None)[1]
    db.session.commit()
client = app.test_client()
codes = [client.get("/api/v1/producers", headers={"Authorization": "Bearer " + first}).status_code
         for _ in range(4)]
codes.append(client.get("/api/v1/producers", headers={"Authorization": "Bearer " + second}).status_code)
print(json.dumps(codes))
"""


def test_each_token_has_its_own_rate_limit(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", RATE_WORKER, str(tmp_path / "shop.sqlite3"), str(tmp_path / "l.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [200, 200, 200, 429, 200]


def test_a_page_costs_the_same_statements_whatever_the_orders(
    client, db_session, token, count_queries
):
    tea = make_product(db_session, price="50.00")
    raw = token("orders:read")
    sold_order(db_session, utc(2025, 2, 1, 4), [(tea, 1)])

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/api/v1/orders?per_page=100", headers=bearer(raw)).status_code == 200
        return len(seen)

    statements()  # the first use of the token records it (one UPDATE)
    few = statements()
    for day in range(2, 20):
        sold_order(db_session, utc(2025, 2, day, 4), [(tea, 1)])
    assert statements() == few


def test_an_order_number_with_a_nul_byte_is_simply_not_found(client, db_session, token):
    raw = token("orders:read")
    assert client.get("/api/v1/orders/AB%00CD", headers=bearer(raw)).status_code == 404
    assert client.get("/api/v1/orders/%C3%A9t%C3%A9", headers=bearer(raw)).status_code == 404
