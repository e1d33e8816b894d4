"""The bonded API: the tax-estimate contract (same function as the quotes), strict input (400,
422 naming each field), quotes by SKU for an orderer, the goods, and the OpenAPI schemas."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from storefront.bonded import vault_of
from storefront.bonded.quotes import quota_year
from storefront.pickup.holds import quota_account
from tests.pickup_ids import FOURTH_TOURIST, TOURIST, with_wrong_check_character

EXAMPLE = {
    "lines": [
        {
            "unit_price": "199.00",
            "quantity": 2,
            "vat_rate": "0.13",
            "consumption_tax_rate": "0",
            "tariff_rate": "0",
            "indivisible": False,
        }
    ],
    "freight": "0",
    "insurance": "0",
    "annual_total_before": "0",
}


def post(client, path, body, locale="en"):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(
        f"/api/v1/bonded/{path}?locale={locale}", data=data, content_type="application/json"
    )


def test_the_issue_example_answers_with_the_contract(client):
    response = post(client, "tax-estimate", EXAMPLE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["allowed"] is True and body["channel"] == "reduced"
    assert body["dutiable_price"] == "398.00"
    assert (body["tariff"], body["consumption_tax"], body["vat"]) == ("0.00", "0.00", "36.22")
    assert body["total_tax"] == "36.22"  # 398 x 9.1%
    assert body["annual_total_after"] == "398.00"
    assert body["violations"] == []


@pytest.mark.parametrize(
    "changes, code, excess",
    [
        ({"lines": [{**EXAMPLE["lines"][0], "unit_price": "2500.01"}]}, "order_limit", "0.02"),
        ({"annual_total_before": "25602.01"}, "annual_limit", "0.01"),
    ],
)
def test_over_a_limit_it_says_which_and_by_how_much(client, changes, code, excess):
    body = post(client, "tax-estimate", {**EXAMPLE, **changes}, "zh-hans").get_json()
    assert body["allowed"] is False and body["channel"] is None
    (violation,) = body["violations"]
    assert violation["code"] == code
    assert excess in violation["message"] and "¥" in violation["message"]


def test_exactly_at_the_limits_is_allowed(client):
    at_order = {**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "unit_price": "2500.00"}]}
    assert post(client, "tax-estimate", at_order).get_json()["allowed"] is True
    at_year = {**EXAMPLE, "annual_total_before": "25602.00"}
    body = post(client, "tax-estimate", at_year).get_json()
    assert body["allowed"] is True and body["annual_total_after"] == "26000.00"


def test_the_single_indivisible_item_is_full_duty(client):
    knife = {
        "unit_price": "5600.00",
        "quantity": 1,
        "vat_rate": "0.13",
        "consumption_tax_rate": "0",
        "tariff_rate": "0.08",
        "indivisible": True,
    }
    body = post(client, "tax-estimate", {**EXAMPLE, "lines": [knife]}).get_json()
    assert (body["channel"], body["tariff"], body["vat"]) == ("full_duty", "448.00", "786.24")


@pytest.mark.parametrize(
    "body, status, field",
    [
        (b"not json", 400, None),
        (b"[1, 2]", 400, None),
        (b'{"lines": NaN}', 400, None),
        ({**EXAMPLE, "lines": []}, 422, "lines"),
        ({**EXAMPLE, "freight": "-1"}, 422, "freight"),
        ({**EXAMPLE, "freight": "1e9"}, 422, "freight"),
        ({**EXAMPLE, "insurance": "0.001"}, 422, "insurance"),
        ({k: v for k, v in EXAMPLE.items() if k != "annual_total_before"}, 422, "annual_total_before"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "vat_rate": "1.5"}]}, 422, "lines[0].vat_rate"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "consumption_tax_rate": "1"}]}, 422, "lines[0].consumption_tax_rate"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "unit_price": "0"}]}, 422, "lines[0].unit_price"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "unit_price": "99999999"}]}, 422, "lines[0].unit_price"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "quantity": 2.5}]}, 422, "lines[0].quantity"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "quantity": True}]}, 422, "lines[0].quantity"),
        ({**EXAMPLE, "lines": [{"quantity": 1}]}, 422, "lines[0].unit_price"),
        ({**EXAMPLE, "lines": [{**EXAMPLE["lines"][0], "indivisible": "yes"}]}, 422, "lines[0].indivisible"),
    ],
)  # fmt: skip
def test_malformed_input_is_refused_naming_the_field(client, body, status, field):
    response = post(client, "tax-estimate", body)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status and error["message"]
    if field is not None:
        assert field in [problem["field"] for problem in error["fields"]]


def test_a_quote_by_sku_counts_the_orderer_s_year(app, client, db_session):
    account = quota_account(db_session, vault_of(app).lookup_hash(FOURTH_TOURIST), quota_year())
    account.used_fen = 25_000_00
    db_session.flush()
    body = post(
        client,
        "quote",
        {"items": [{"sku": "BD-AU-MACA-500", "qty": 2}], "buyer_id_number": FOURTH_TOURIST},
    ).get_json()
    assert body["allowed"] is True
    assert body["lines"][0]["vat"] == "14.87" and body["total_tax"] == "14.87"  # 236 x 6.3%
    assert body["total_payable"] == "250.87"
    assert body["remaining_annual_allowance"] == "764.00"  # 26,000 - 25,000 - 236
    assert FOURTH_TOURIST not in json.dumps(body)
    over = post(
        client,
        "quote",
        {"items": [{"sku": "BD-JP-SERUM-30", "qty": 2}], "buyer_id_number": FOURTH_TOURIST},
    ).get_json()
    assert [v["code"] for v in over["violations"]] == ["annual_limit"]
    assert over["remaining_annual_allowance"] == "1000.00"


def test_a_quote_with_a_bad_id_or_an_unknown_sku(client):
    bad_id = post(
        client,
        "quote",
        {
            "items": [{"sku": "BD-AU-MACA-500", "qty": 1}],
            "buyer_id_number": with_wrong_check_character(TOURIST),
        },
    ).get_json()
    assert [v["code"] for v in bad_id["violations"]] == ["invalid_id"]
    unknown = post(
        client, "quote", {"items": [{"sku": "NOPE", "qty": 1}], "buyer_id_number": TOURIST}
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["fields"][0]["field"] == "items[0].sku"


def test_the_goods_with_their_rates_and_stock(client, goods):
    body = client.get("/api/v1/bonded/products?locale=fr").get_json()
    serum = next(item for item in body["items"] if item["sku"] == "BD-JP-SERUM-30")
    assert serum["consumption_tax_rate"] == "0.1500"  # high-end at its price
    rose = next(item for item in body["items"] if item["sku"] == "BD-FR-ROSE-50")
    assert Decimal(rose["consumption_tax_rate"]) == 0  # below the threshold
    assert serum["price"] == {"amount": "980.00", "currency": "CNY"}
    assert serum["name"].startswith("Sérum")
    assert serum["stock"] == goods["BD-JP-SERUM-30"].stock
    assert client.get("/api/v1/bonded/products?locale=xx").status_code == 400


def test_the_answers_follow_their_openapi_schemas(client):
    from jsonschema import Draft202012Validator

    doc = client.get("/api/v1/openapi.json").get_json()

    def check(name, instance):
        schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
        Draft202012Validator(schema).validate(instance)

    check("TaxEstimateRequest", EXAMPLE)
    check("TaxEstimate", post(client, "tax-estimate", EXAMPLE).get_json())
    request = {"items": [{"sku": "BD-AU-MACA-500", "qty": 1}], "buyer_id_number": TOURIST}
    check("QuoteRequest", request)
    check("Quote", post(client, "quote", request).get_json())
    check("BondedProductList", client.get("/api/v1/bonded/products").get_json())
    check("BodyError", post(client, "tax-estimate", {**EXAMPLE, "lines": []}).get_json())
