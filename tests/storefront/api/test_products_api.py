"""JSON API v1: translated fields, CNY and display prices, stock status, eligibility, OpenAPI."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catalog.eligibility import eligibility_for
from catalog.exchange import rate_on
from catalog.models import ProductClass
from catalog.translation import translated_field
from tests.factories import demo_product


def shop_today():  # the shop's "today" (Asia/Shanghai), as the app uses it
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def test_list_in_french_with_yen_and_a_destination(client, db_session):
    response = client.get("/api/v1/products?locale=fr&currency=JPY&ship_to=GB&per_page=100")
    assert response.status_code == 200
    body = response.get_json()
    rate = rate_on(db_session, "JPY", shop_today())
    assert body["currency"] == "JPY" and body["rate_date"] == rate.effective_on.isoformat()
    duck = demo_product(db_session, "linwu-braised-duck")
    item = next(i for i in body["items"] if i["code"] == "linwu-braised-duck")
    assert item["name"] == translated_field(duck, "name", "fr")
    assert item["url"].endswith(f"/fr/products/{translated_field(duck, 'slug', 'fr')}")
    variant = item["variants"][0]
    assert variant["price"]["cny"] == {"amount": str(duck.variants[0].price), "currency": "CNY"}
    display = variant["price"]["display"]
    assert display["currency"] == "JPY" and display["approximate"] is True
    assert display["amount"] == str(rate.convert(duck.variants[0].price).amount)
    assert "." not in display["amount"]  # zero-decimal currency
    assert display["rate_date"] == rate.effective_on.isoformat()
    assert variant["stock_status"] in ("in_stock", "low_stock", "sold_out")
    answer = eligibility_for(db_session, ProductClass.COOKED_POULTRY, "GB", "fr")
    assert item["eligibility"] == {
        "ship_to": "GB",
        "status": "blocked",
        "reason": answer.reason,
        "documents": list(answer.documents),
    }


def test_detail_by_slug_in_chinese_without_destination(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    slug = translated_field(duck, "slug", "zh-hans")
    body = client.get(f"/api/v1/products/{slug}?locale=zh-hans").get_json()
    assert body["name"] == translated_field(duck, "name", "zh-hans")
    assert body["eligibility"] is None
    assert body["variants"][0]["price"]["display"]["approximate"] is False
    assert "<script" not in body["description_html"]
    assert body["seo"]["title"]


def test_stock_status_is_sold_out_at_zero(client, db_session):
    duck = demo_product(db_session, "linwu-braised-duck")
    duck.variants[0].stock = 0
    db_session.flush()
    body = client.get(f"/api/v1/products/{translated_field(duck, 'slug', 'en')}").get_json()
    assert body["variants"][0]["stock_status"] == "sold_out"


def test_search_and_pagination(client):
    body = client.get("/api/v1/products?q=%E9%B8%AD&per_page=1").get_json()
    assert body["total"] >= 1 and len(body["items"]) == 1 and body["per_page"] == 1


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("currency=XYZ", "currency"),
        ("ship_to=ZZ", "ship_to"),
        ("locale=de", "locale"),
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
        ("page=abc", "page"),
    ],
)
def test_bad_parameters_are_400_with_the_parameter_named(client, query, parameter):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["error"]["parameter"] == parameter
    assert response.get_json()["error"]["message"]


def test_unknown_product_is_a_json_404(client):
    response = client.get("/api/v1/products/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_describes_both_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"] == "3.1.0"
    assert set(doc["paths"]) == {
        "/products",
        "/products/{slug}",
        "/bonded/tax-estimate",
        "/bonded/quote",
        "/bonded/products",
        "/producers",
        "/orders",
        "/orders/{number}",
        "/declarations",
    }
    detail = doc["paths"]["/products/{slug}"]["get"]
    assert {"200", "400", "404"} <= set(detail["responses"])
    for ref in _refs(doc):
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]  # every reference resolves
    parameters = doc["components"]["parameters"]
    assert "JPY" in parameters["currency"]["schema"]["enum"]
    assert "GB" in parameters["ship_to"]["schema"]["enum"]
    assert doc["servers"][0]["url"].endswith("/api/v1")


def test_the_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def _validator(doc, schema_name):
    from jsonschema import Draft202012Validator

    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": doc["components"]}
    return Draft202012Validator(schema)


@pytest.mark.parametrize(
    "query", ["currency=USD&ship_to=SG", "locale=ar&currency=JPY", "locale=zh-hant&ship_to=GB"]
)
def test_responses_match_the_documented_schemas(client, db_session, query):
    doc = client.get("/api/v1/openapi.json").get_json()
    page = client.get(f"/api/v1/products?{query}&per_page=100").get_json()
    _validator(doc, "ProductPage").validate(page)
    duck = demo_product(db_session, "linwu-braised-duck")
    detail = client.get(
        f"/api/v1/products/{translated_field(duck, 'slug', 'en')}?{query}"
    ).get_json()
    _validator(doc, "ProductDetail").validate(detail)
    error = client.get("/api/v1/products?currency=XYZ").get_json()
    _validator(doc, "Error").validate(error)
