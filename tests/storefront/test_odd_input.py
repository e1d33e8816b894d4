"""Odd input found by fuzzing gets a 4xx or a clear message, never a 500."""

from __future__ import annotations

import pytest

from storefront.accounts.models import User, UserRole

CUSTOMS = "/en/admin/customs/"


@pytest.mark.parametrize("page", ["²", "١", "٣", "1²", "0", "-1", "99999999", " 1", "1e3"])
def test_odd_page_numbers_are_a_400(client, page):
    assert client.get("/en/products/", query_string={"page": page}).status_code == 400
    response = client.get("/api/v1/products", query_string={"page": page})
    assert response.status_code == 400
    assert "page" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "tea\x00",
        "\x00",
        'duck" OR "x',
        "NEAR(tea duck)",
        "tea*",
        "^duck",
        "-tea",
        "tea AND",
        "(",
        '"',
        "col:tea",
        "\x1b[31m",
        "茶\x00叶",
    ],
)
def test_search_input_with_nul_or_fts_syntax_is_answered(client, query):
    page = client.get("/en/search", query_string={"q": query})
    assert page.status_code == 200
    api = client.get("/api/v1/products", query_string={"q": query})
    assert api.status_code == 200 and isinstance(api.get_json()["items"], list)


def test_a_nul_in_a_search_is_dropped_and_the_rest_still_found(client):
    html = client.get("/en/search", query_string={"q": "Linwu\x00 duck"}).get_data(as_text=True)
    assert "Linwu" in html


@pytest.mark.parametrize(
    "variant_id", ["18446744073709551616", "99999999999999999999999", "2147483648", "-1", "0"]
)
def test_variant_ids_no_row_can_have_are_refused_in_cart_forms(client, variant_id):
    for path in ("/en/cart/add", "/en/cart/update"):
        response = client.post(path, data={"variant_id": variant_id, "quantity": "1"})
        assert response.status_code == 302
    assert "error" in client.get("/en/cart").get_data(as_text=True)


@pytest.fixture
def operator(client, db_session):
    user = User(email="operator@chenzhou-zone.cn", role=UserRole.OPERATOR, full_name="Operator")
    user.set_password("demo-password-2026")
    db_session.add(user)
    db_session.commit()
    response = client.post(
        "/en/account/login", data={"email": user.email, "password": "demo-password-2026"}
    )
    assert response.status_code == 302
    return user


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from": "9999-12-31"}, "Dates from 2000 to 2999 only: 9999-12-31 was ignored."),
        ({"to": "9999-12-31"}, "Dates from 2000 to 2999 only: 9999-12-31 was ignored."),
        ({"from": "0001-01-01"}, "Dates from 2000 to 2999 only: 0001-01-01 was ignored."),
        ({"producer": "99999999999999999999"}, "Unknown producer: showing every producer."),
        ({"producer": "²"}, "Unknown producer: showing every producer."),
        ({"producer": "-3"}, "Unknown producer: showing every producer."),
        ({"from": "x" * 40_000}, "Dates are written YYYY-MM-DD"),
        ({"status": "\x00"}, "Unknown status: showing every status."),
    ],
)
def test_odd_console_filters_are_explained_not_fatal(client, operator, args, message):
    response = client.get(CUSTOMS, query_string=args)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and len(html) < 200_000


@pytest.mark.parametrize("path", ["99999999999999999999", "2147483648"])
def test_huge_ids_in_console_urls_are_a_404(client, operator, path):
    assert client.get(CUSTOMS + path).status_code == 404
    assert client.post(CUSTOMS + path + "/resubmit").status_code == 404


@pytest.mark.parametrize("month", ["0000-01", "0001-12", "2026-13", "x" * 40_000, "2026-1\n"])
def test_a_month_that_is_not_one_is_refused_with_a_message(client, operator, month):
    response = client.post(CUSTOMS + "summaries", data={"month": month})
    assert response.status_code == 302
    assert len(response.headers["Location"]) < 200
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Write the month as YYYY-MM." in page


@pytest.mark.parametrize(
    "args",
    [
        {"q": "tea", "locale": "fr"},
        {"q": "tea", "_external": "0"},
        {"q": "tea", "_scheme": "javascript"},
        {"q": "tea", "_anchor": "x"},
        {"q": "tea", "_method": "POST"},
    ],
)
def test_search_links_copy_only_the_searchs_own_parameters(client, args):
    response = client.get("/en/search", query_string=args)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'hreflang="fr" href="http://shop.test/fr/search?q=tea"' in html
    assert "javascript" not in html.split("</head>")[0]
