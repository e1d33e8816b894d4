"""The checkout form as a buyer meets it: every error at once, in words a buyer understands,
the phone checked for the country, the "ship to" choice preselected, the cart warning early."""

from __future__ import annotations

import html as html_module

from sqlalchemy import select

from storefront.orders.models import Order
from storefront.shipping.addresses import PostalAddress, address_lines, validate_address
from tests.storefront.checkout.test_flow import ADDRESS_SG, add, place


def test_every_error_is_shown_at_once_with_buyer_words(client, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1)
    data = {**ADDRESS_SG, "email": "not-an-address", "phone": "12", "postal_code": "1"}
    page = html_module.unescape(client.post("/en/checkout", data=data).get_data(as_text=True))
    assert "Please enter an e-mail address such as name@example.com." in page
    assert "This postal code is not valid for the destination country." in page
    assert "This phone number does not look right for Singapore" in page
    assert "+65 8123 4567" in page  # an example of the country's numbers
    assert "Field must be between" not in page
    assert 'value="10 Bayfront Avenue"' in page or "10 Bayfront Avenue</textarea>" in page


def test_the_phone_is_stored_in_international_form(client, db_session, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1)
    client.post("/en/checkout", data={**ADDRESS_SG, "phone": "6123 4567"})
    place(client, "en", "postal_parcel")
    assert db_session.scalars(select(Order)).one().phone == "+65 6123 4567"


def test_the_visitors_ship_to_choice_is_the_preselected_country_and_required_is_marked(
    client, two_coops
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1)
    page = client.get("/en/checkout?ship_to=JP").get_data(as_text=True)
    assert '<option selected value="JP">' in page or 'value="JP" selected' in page
    assert "Fields marked with * are required." in page
    # Japan's fields, in its order, with its names: postal code, prefecture, street
    assert page.index('data-field="postal_code"') < page.index('data-field="country_area"')
    assert "Prefecture" in page
    assert page.count('class="required-mark"') >= 6


def test_the_cart_says_which_item_cannot_go_to_the_chosen_destination_and_why(client, two_coops):
    _tea, duck = two_coops
    add(client, duck.variants[0], 1)
    page = html_module.unescape(client.get("/en/cart?ship_to=GB").get_data(as_text=True))
    assert "1 item in your cart cannot be sent to United Kingdom" in page
    assert "Cannot be sent to United Kingdom:" in page


def test_japanese_and_hong_kong_addresses_keep_every_field_in_the_countrys_order():
    japan = validate_address(
        PostalAddress(
            "JP",
            "丸の内1-1",
            city="千代田区",  # Japan has no city field: kept as a street line, not dropped
            country_area="東京都",
            postal_code="100-0005",
        )
    )
    assert address_lines(japan, "山田太郎") == [
        "〒100-0005",
        "東京都",
        "丸の内1-1",
        "千代田区",
        "山田太郎",
    ]
    hong_kong = validate_address(
        PostalAddress("HK", "1 Nathan Road", city="Mong Kok", country_area="Kowloon")
    )
    assert address_lines(hong_kong, "Chan") == ["KOWLOON", "Mong Kok", "1 Nathan Road", "Chan"]
    typed_as_district = validate_address(
        PostalAddress("HK", "1 Nathan Road", city_area="Mong Kok", country_area="Kowloon")
    )
    assert "Mong Kok" in address_lines(typed_as_district)
