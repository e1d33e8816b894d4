"""The operator records a destination port code and resubmits a declaration blocked for it."""

from __future__ import annotations

from sqlalchemy import select

from storefront.checkout.placement import place_order
from storefront.customs.declarations.destination_ports import DestinationPort
from storefront.customs.declarations.models import DeclarationStatus, MessageType
from storefront.demo.orders import send_demo_parcels
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer, give_chinese_name
from tests.storefront.customs.web.test_operator_pages import BASE, operator, rows_of

__all__ = ["operator"]  # the signed-in operator fixture


def new_port(**values: str) -> dict[str, str]:
    """The page's last row, which records a country's code."""
    return {"row": "new", **{f"new-{name}": value for name, value in values.items()}}


def port_row(country: str, **values: str) -> dict[str, str]:
    """A country's row, opened in place to record or correct its code."""
    key = f"r{country}"
    return {"row": key, **{f"{key}-{name}": value for name, value in values.items()}}


RIYADH = PostalAddress("SA", "King Fahd Road 1", city="Riyadh", postal_code="12211")


def saudi_order(db_session, two_coops, order_declarations):
    tea, _duck = two_coops
    give_chinese_name(tea.producer)
    db_session.flush()
    order = place_order(
        db_session, {tea.variants[0].id: 1}, buyer(RIYADH), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    mark_order_paid(db_session, order, actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    send_demo_parcels(db_session, order, order_declarations)  # packed and booked: both blocked
    db_session.commit()
    return order


def test_a_saudi_order_is_blocked_for_its_port_and_the_hint_names_the_fix(
    client, db_session, operator, two_coops, order_declarations, saudi_arabia_without_port
):
    order = saudi_order(db_session, two_coops, order_declarations)
    rows = rows_of(db_session, order)
    assert {row.status for row in rows} == {DeclarationStatus.BLOCKED}
    page = client.get(f"{BASE}{rows[1].id}").get_data(as_text=True)
    assert "record it on the destination ports page" in page
    assert 'id="port-hint"' in page
    assert "Correct the producer or product in the catalog" not in page  # not a catalog error
    ports = client.get(f"{BASE}ports").get_data(as_text=True)
    assert 'id="missing-ports"' in ports and "Saudi Arabia" in ports


def test_a_bad_port_code_is_refused_and_keeps_what_was_typed(
    client, db_session, operator, two_coops
):
    response = client.post(
        f"{BASE}ports",
        data=new_port(country="SA", code="JEDDAH", name="吉达", source="port table 2026"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="new-code-error">A customs port code has 3 or 4 letters or digits.</p>' in page
    assert 'value="port table 2026"' in page and 'value="JEDDAH"' in page
    assert db_session.scalars(select(DestinationPort)).all() == []


def test_the_operator_records_the_port_and_resubmits(
    client, db_session, operator, two_coops, order_declarations, saudi_arabia_without_port
):
    order = saudi_order(db_session, two_coops, order_declarations)
    blocked = rows_of(db_session, order)
    response = client.post(
        f"{BASE}ports",
        data=new_port(country="sa", code="131", name="沙特阿拉伯", source="customs entry 131"),
    )
    assert response.status_code == 302
    row = db_session.get(DestinationPort, "SA")
    assert row.code == "131" and row.recorded_by.startswith("operator:")
    assert "customs entry 131" in client.get(f"{BASE}ports").get_data(as_text=True)

    client.post(f"{BASE}{blocked[1].id}/resubmit")
    fresh = [row for row in rows_of(db_session, order) if row.status is DeclarationStatus.PENDING]
    assert [row.message_type for row in fresh] == [MessageType.EXPORT_ORDER, MessageType.INVENTORY]
    assert "<ceb:POD>131</ceb:POD>" in fresh[1].payload


def test_every_destination_the_shop_sells_to_has_a_port_and_the_page_shows_its_source(
    client, db_session, operator, two_coops, order_declarations
):
    order = saudi_order(db_session, two_coops, order_declarations)
    assert {row.status for row in rows_of(db_session, order)} == {DeclarationStatus.PENDING}
    ports = client.get(f"{BASE}ports").get_data(as_text=True)
    assert 'id="missing-ports"' not in ports
    assert "Constants.java" in ports  # the source of the built-in rows is on the page


def test_a_recorded_port_overrides_the_built_in_one(
    client, db_session, operator, two_coops, order_declarations
):
    response = client.post(
        f"{BASE}ports",
        data=port_row("SA", code="JED1", name="吉达", source="district notice"),
    )
    assert response.status_code == 302
    order = saudi_order(db_session, two_coops, order_declarations)
    inventory = rows_of(db_session, order)[1]
    assert "<ceb:POD>JED1</ceb:POD>" in inventory.payload


def test_the_ports_are_one_table_filtered_and_a_row_is_corrected_in_place(
    client, db_session, operator, saudi_arabia_without_port
):
    page = client.get(f"{BASE}ports?origin=missing").get_data(as_text=True)
    assert '<tr id="port-table-rSA">' in page
    assert page.count('<tr id="port-table-r') == 1  # only the country without a code
    page = client.get(f"{BASE}ports?country=fr&edit=FR").get_data(as_text=True)
    assert '<tr id="port-table-rFR" class="editing">' in page and 'id="rFR-code"' in page
    assert '<tr id="port-table-rSA"' not in page

    response = client.post(f"{BASE}ports", data=port_row("SA", code="1", source=""))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="rSA-code-error">A customs port code has 3 or 4 letters or digits.</p>' in page
    assert 'id="rSA-source-error">Please say where the code comes from.</p>' in page
    assert db_session.get(DestinationPort, "SA") is None

    response = client.post(f"{BASE}ports", data=port_row("SA", code="131", source="entry 131"))
    assert response.status_code == 302
    assert db_session.get(DestinationPort, "SA").code == "131"
    page = client.get(f"{BASE}ports?origin=recorded").get_data(as_text=True)
    assert '<tr id="port-table-rSA">' in page and "entry 131" in page
    assert client.post(f"{BASE}ports", data={"row": "r!!"}).status_code == 400

    assert 'action="/en/admin/customs/ports/SA/delete' in page  # recorded rows can go
    assert client.post(f"{BASE}ports/SA/delete?origin=recorded").status_code == 303
    assert db_session.get(DestinationPort, "SA") is None
    assert client.post(f"{BASE}ports/SA/delete").status_code == 404
    assert client.post(f"{BASE}ports/%00%00/delete").status_code == 404
