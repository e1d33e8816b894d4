"""Export declarations in substance: units and quantities, ports, transport, waybills, receipts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import select

from catalog.exceptions import InvalidCatalogData
from catalog.legal_units import check_listing, legal_units_of, legal_units_table, listing_problems
from catalog.models import Product
from storefront.checkout.placement import place_order
from storefront.customs.declarations.destination_ports import (
    PortRefused,
    destination_ports,
    record_port,
)
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.operations import resubmit
from storefront.customs.exchange.carrier_side import carrier_folder
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.consistency import line_problems, order_list_problems
from storefront.customs.messages.receipt_parser import parse_receipts
from storefront.customs.messages.schema import SchemaValidator
from storefront.demo.orders import send_demo_parcels
from storefront.orders.actors import Actor
from storefront.orders.services import mark_order_paid
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.waybill_formats import (
    express_number,
    is_express,
    is_road,
    is_s10,
    road_number,
    s10_number,
)
from storefront.shipping.models import ShippingMethod
from tests.conftest import CUSTOMS_XSD_DIR
from tests.factories import make_product
from tests.storefront.conftest import buyer, give_chinese_name
from tests.storefront.customs.exchange.test_receive import Clock

NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}
OPERATOR = Actor("operator:test")
RIYADH = PostalAddress("SA", "King Fahd Road 1", city="Riyadh", postal_code="12211")


def rows_of(session, order, kind=None):
    query = select(CustomsDeclaration).where(CustomsDeclaration.order_no.like(f"{order.number}-%"))
    if kind is not None:
        query = query.where(CustomsDeclaration.message_type == kind)
    return session.scalars(query.order_by(CustomsDeclaration.id)).all()


@pytest.fixture
def tofu(db_session, shipping_rates):
    product = make_product(
        db_session,
        price="16.80",
        hs_code="2106909090",
        customs_unit="136",  # 袋
        locales=("en", "zh-hans"),
    )
    product.variants[0].net_weight_g = 300
    give_chinese_name(product.producer)
    db_session.commit()
    return product


def paid(
    db_session, order_declarations, items, method=ShippingMethod.INTERNATIONAL_EXPRESS, to=None
):
    """Placed, paid, then packed and booked by its cooperative (the list gets its waybill)."""
    order = place_order(db_session, items, buyer(to) if to else buyer(), method)
    mark_order_paid(db_session, order, actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    send_demo_parcels(db_session, order, order_declarations)
    db_session.commit()
    return order


def inventory_xml(session, order):
    (row,) = rows_of(session, order, MessageType.INVENTORY)
    return etree.fromstring(row.payload.encode())


def test_two_300_g_packs_are_declared_as_two_bags_and_0_6_kg(db_session, order_declarations, tofu):
    order = paid(db_session, order_declarations, {tofu.variants[0].id: 2})
    line = inventory_xml(db_session, order).find(".//ceb:InventoryList", NS)
    value = {
        name: line.findtext(f"ceb:{name}", namespaces=NS)
        for name in ("qty", "unit", "qty1", "unit1", "price", "totalPrice")
    }
    assert value["unit"] == "136" and Decimal(value["qty"]) == 2  # two bags, not 2 kg
    assert value["unit1"] == "035" and Decimal(value["qty1"]) == Decimal("0.6")
    assert line.find("ceb:qty2", NS) is None
    assert Decimal(value["qty"]) * Decimal(value["price"]) == Decimal(value["totalPrice"])
    assert Decimal(value["price"]) == Decimal("16.80")  # per bag
    assert line.findtext("ceb:gmodel", namespaces=NS) == "300克/袋"  # content per declared unit


def test_a_garment_declares_pieces_then_kilograms(db_session, order_declarations, tofu):
    shirt = make_product(
        db_session, tofu.producer, price="89.00", hs_code="6109100000", customs_unit="011"
    )
    shirt.variants[0].net_weight_g = 180
    db_session.commit()
    order = paid(db_session, order_declarations, {shirt.variants[0].id: 3})
    line = inventory_xml(db_session, order).find(".//ceb:InventoryList", NS)
    assert line.findtext("ceb:unit1", namespaces=NS) == "011"
    assert Decimal(line.findtext("ceb:qty1", namespaces=NS)) == 3
    assert line.findtext("ceb:unit2", namespaces=NS) == "035"
    assert Decimal(line.findtext("ceb:qty2", namespaces=NS)) == Decimal("0.54")


def test_a_multipack_declares_its_items_and_the_price_per_item(
    db_session, order_declarations, tofu
):
    tofu.variants[0].units_per_pack = 3
    tofu.variants[0].net_weight_g = 750
    db_session.commit()
    order = paid(db_session, order_declarations, {tofu.variants[0].id: 1})
    root = inventory_xml(db_session, order)
    line = root.find(".//ceb:InventoryList", NS)
    assert Decimal(line.findtext("ceb:qty", namespaces=NS)) == 3
    assert Decimal(line.findtext("ceb:qty1", namespaces=NS)) == Decimal("0.75")
    assert line.findtext("ceb:gmodel", namespaces=NS) == "3×250克"
    assert line_problems(root) == []  # 3 x 5.6 = 16.80


def test_every_hs_code_of_the_catalog_has_legal_units_with_a_source(db_session):
    table = legal_units_table()
    assert all(row.source and row.unit1 for row in table.values())
    assert legal_units_of("6109100000").unit2 == "035"
    with pytest.raises(InvalidCatalogData):
        legal_units_of("0101210010")  # a horse: not a code the catalog sells


def test_a_product_is_checked_when_it_is_listed(db_session):
    product = Product(hs_code="0101210010", customs_unit="035", variants=[])
    fields = {problem.field for problem in listing_problems(product)}
    assert fields == {"hs_code", "customs_unit"}
    with pytest.raises(InvalidCatalogData, match="weight or volume"):
        check_listing(product)


def test_the_demo_catalog_lists_with_legal_units(db_session):
    from catalog.demo.loader import load_demo_catalog

    load_demo_catalog(db_session)  # check_listing runs for every product
    products = db_session.scalars(select(Product)).all()
    assert products and all(listing_problems(p) == [] for p in products)


def test_the_demo_has_producers_in_both_declaration_modes(db_session):
    """Enterprises wanting their export VAT back declare B: the demo's monthly summary has
    lists to name; the cooperatives keep the pilot zone's simplified A."""
    from catalog.demo.loader import load_demo_catalog
    from catalog.models import CustomsStatisticsFlag, Producer

    load_demo_catalog(db_session)
    flags = {p.code: p.customs_statistics_flag for p in db_session.scalars(select(Producer))}
    summary = {code for code, flag in flags.items() if flag is CustomsStatisticsFlag.SUMMARY}
    assert summary == {"rucheng-chili-co", "zixing-fish-co", "beihu-apparel-co"}
    assert flags["linwu-duck-coop"] is CustomsStatisticsFlag.SIMPLIFIED


def test_transport_and_carrier_follow_the_shipping_method(db_session, order_declarations, tofu):
    for method, mode, valid in (
        (ShippingMethod.POSTAL_PARCEL, "6", is_s10),
        (ShippingMethod.INTERNATIONAL_EXPRESS, "5", is_express),
    ):
        order = paid(db_session, order_declarations, {tofu.variants[0].id: 1}, method)
        head = inventory_xml(db_session, order).find(".//ceb:InventoryHead", NS)
        assert head.findtext("ceb:trafMode", namespaces=NS) == mode
        waybill = head.findtext("ceb:logisticsNo", namespaces=NS)
        assert (
            valid(waybill) and waybill == waybill_of(db_session, order.sub_orders[0].id).waybill_no
        )
    postal = order_declarations.settings.routes["postal_parcel"].carrier
    assert "邮政" in postal.name


def test_waybill_formats_carry_their_check_digits():
    assert s10_number("RR", 47312482) == "RR473124829CN"  # the UPU S10 example
    assert is_s10("RR473124829CN") and not is_s10("RR473124828CN")
    assert not is_s10("RR47312482CN")
    assert is_express(express_number(12345)) and not is_express("123456789012")
    assert is_road(road_number(42)) and not is_road("HKT123") and not is_road("XYZ123456789")


def test_a_destination_without_a_port_blocks_until_the_operator_records_it(
    db_session, order_declarations, tofu, saudi_arabia_without_port
):
    order = paid(db_session, order_declarations, {tofu.variants[0].id: 1}, to=RIYADH)
    blocked = rows_of(db_session, order)
    assert {row.status for row in blocked} == {DeclarationStatus.BLOCKED}
    assert {p["code"] for p in blocked[0].problems} == {"destination_port"}
    assert "SA" not in destination_ports(db_session)

    with pytest.raises(PortRefused) as refused:
        record_port(db_session, country="SA", code="JEDDAH", name="", source="x", actor=OPERATOR)
    assert refused.value.reason == "bad_port_code"
    with pytest.raises(PortRefused) as refused:
        record_port(db_session, country="SA", code="131", name="", source=" ", actor=OPERATOR)
    assert refused.value.reason == "source_required"

    record_port(
        db_session,
        country="SA",
        code="131",
        name="沙特阿拉伯",
        source="customs country entry 131",
        actor=OPERATOR,
    )
    new_rows = resubmit(db_session, order_declarations.outbox, blocked[1], actor=OPERATOR)
    assert {row.status for row in new_rows} == {DeclarationStatus.PENDING}
    inventory = next(row for row in new_rows if row.message_type is MessageType.INVENTORY)
    head = etree.fromstring(inventory.payload.encode()).find(".//ceb:InventoryHead", NS)
    assert head.findtext("ceb:POD", namespaces=NS) == "131"


def run_customs(db_session, folders, clock):
    simulator = CustomsSimulator(folders, SchemaValidator(CUSTOMS_XSD_DIR), 60, clock=clock)
    dispatch_batch(db_session, folders, DispatchPolicy())
    simulator.run_once()
    receive_inbox(db_session, folders)
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    receive_inbox(db_session, folders)


def test_every_receipt_the_simulator_writes_validates_against_the_xsd(
    db_session, place_paid_order, folders
):
    place_paid_order()
    clock = Clock()
    run_customs(db_session, folders, clock)
    validator = SchemaValidator(CUSTOMS_XSD_DIR)
    receipts = list(folders.processed.glob("*.xml"))
    assert len(receipts) >= 6  # 304 x2, 604 120 + 800 x2
    for path in receipts:
        validator.validate(path.read_bytes())
    assert not list(folders.failed.glob("*.xml"))


def test_the_simulator_refuses_a_list_that_contradicts_its_order(folders):
    order = etree.fromstring(
        b"<Order xmlns='http://www.chinaport.gov.cn/ceb'><OrderHead><orderNo>A-1</orderNo>"
        b"<ebpCode>P</ebpCode><ebcCode>E1</ebcCode><goodsValue>20</goodsValue></OrderHead>"
        b"<OrderList><gnum>1</gnum><unit>136</unit><qty>2</qty><price>10</price>"
        b"<totalPrice>20</totalPrice></OrderList></Order>"
    )
    inventory = etree.fromstring(
        b"<Inventory xmlns='http://www.chinaport.gov.cn/ceb'><InventoryHead><orderNo>A-1</orderNo>"
        b"<ebpCode>P</ebpCode><ebcCode>E2</ebcCode></InventoryHead>"
        b"<InventoryList><gnum>1</gnum><unit>035</unit><unit1>035</unit1><qty>2</qty>"
        b"<qty1>0.6</qty1><price>10</price><totalPrice>20</totalPrice></InventoryList></Inventory>"
    )
    problems = order_list_problems(order, inventory) + line_problems(inventory)
    assert "清单电商企业代码与电子订单不一致" in problems
    assert "第1项清单unit与电子订单不一致" in problems
    assert any("不能为重量或体积" in p for p in problems)
    assert any("申报数量应等于法定数量" in p for p in problems)


def simulate_with_waybills(db_session, folders, adapter):
    clock = Clock()
    simulator = CustomsSimulator(
        folders,
        SchemaValidator(CUSTOMS_XSD_DIR),
        60,
        clock=clock,
        waybill_folder=carrier_folder(adapter.folders),
    )
    dispatch_batch(db_session, folders, DispatchPolicy())
    simulator.run_once()
    receive_inbox(db_session, folders)
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    receive_inbox(db_session, folders)


def test_the_carrier_declares_its_waybill_and_customs_compares_it(
    db_session, order_declarations, tofu, folders
):
    order = paid(db_session, order_declarations, {tofu.variants[0].id: 1})
    waybill = waybill_of(db_session, order.sub_orders[0].id).waybill_no
    declared = [
        path
        for path in carrier_folder(order_declarations.folders).glob("CEB505_*.xml")
        if waybill.encode() in path.read_bytes()
    ]
    assert len(declared) == 1
    SchemaValidator(CUSTOMS_XSD_DIR).validate(declared[0].read_bytes())
    simulate_with_waybills(db_session, folders, order_declarations)
    (inventory,) = rows_of(db_session, order, MessageType.INVENTORY)
    assert inventory.status is DeclarationStatus.RELEASED


def test_a_list_whose_waybill_customs_never_received_is_refused(
    db_session, order_declarations, tofu, folders
):
    order = paid(db_session, order_declarations, {tofu.variants[0].id: 1})
    waybill = waybill_of(db_session, order.sub_orders[0].id).waybill_no
    for path in carrier_folder(order_declarations.folders).glob("CEB505_*.xml"):
        if waybill.encode() in path.read_bytes():
            path.unlink()  # the carrier's declaration never arrived
    simulate_with_waybills(db_session, folders, order_declarations)
    (inventory,) = rows_of(db_session, order, MessageType.INVENTORY)
    assert inventory.status is DeclarationStatus.REJECTED
    assert f"未找到对应的运单[{waybill}]" in inventory.return_info


def test_a_waybill_in_the_wrong_format_is_refused_and_the_list_waits(
    db_session, order_declarations, tofu
):
    from storefront.customs.exchange.outbox import CustomsOutbox
    from storefront.customs.exchange.parcel_booking import book_and_declare
    from storefront.shipping.carriers.booking import InvalidWaybill
    from storefront.shipping.carriers.port import Booking

    class SloppyCarrier:
        def book(self, request):
            return Booking("RR473124828CN", "x")  # wrong S10 check digit

        def tracking(self, waybill_no):
            return []

    adapter = order_declarations
    sloppy = CustomsOutbox(
        adapter.settings, adapter.outbox.signer, adapter.outbox.validator, carrier=SloppyCarrier()
    )
    order = place_order(db_session, {tofu.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
    mark_order_paid(db_session, order, actor=Actor("test"), declarations=adapter)
    sub_order = order.sub_orders[0]
    with pytest.raises(InvalidWaybill):
        book_and_declare(db_session, sloppy, sub_order, actor=OPERATOR)
    rows = rows_of(db_session, order)
    assert {row.message_type: row.status for row in rows} == {
        MessageType.EXPORT_ORDER: DeclarationStatus.PENDING,  # the order went at payment
    }  # the list waits for a valid waybill
    assert waybill_of(db_session, sub_order.id) is None  # nothing half-written


def test_without_a_carrier_the_list_waits_until_the_waybill_is_booked(
    db_session, order_declarations, tofu
):
    from storefront.customs.exchange.outbox import CustomsOutbox
    from storefront.customs.exchange.parcel_booking import book_and_declare
    from storefront.shipping.carriers.booking import book_parcel
    from storefront.shipping.carriers.sandbox import SandboxCarrier

    adapter = order_declarations
    waiting = CustomsOutbox(adapter.settings, adapter.outbox.signer, adapter.outbox.validator)
    order = place_order(db_session, {tofu.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
    mark_order_paid(db_session, order, actor=Actor("test"), declarations=adapter)
    sub_order = order.sub_orders[0]
    assert book_and_declare(db_session, waiting, sub_order, actor=OPERATOR) is None
    (order_row,) = rows_of(db_session, order)
    assert order_row.message_type is MessageType.EXPORT_ORDER
    assert order_row.status is DeclarationStatus.PENDING
    booked = book_parcel(
        db_session, SandboxCarrier({}), sub_order.id, _request(sub_order)
    ).waybill_no  # recorded as the carrier booked it outside the shop
    assert is_s10(booked)
    assert book_and_declare(db_session, waiting, sub_order, actor=OPERATOR) == booked
    fresh = rows_of(db_session, order, MessageType.INVENTORY)[0]
    assert fresh.status is DeclarationStatus.PENDING
    assert f"<ceb:logisticsNo>{booked}</ceb:logisticsNo>" in fresh.payload


def test_a_list_blocked_before_booking_is_resubmitted_with_the_waybill(
    db_session, order_declarations, tofu
):
    """A list written as "awaiting waybill" (before parcels were booked in the portal) is
    declared again with the waybill when its parcel is booked."""
    from storefront.customs.exchange.parcel_booking import book_and_declare

    adapter = order_declarations
    order = place_order(db_session, {tofu.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
    mark_order_paid(db_session, order, actor=Actor("test"), declarations=adapter)
    sub_order = order.sub_orders[0]
    (blocked,) = adapter.outbox.declare_sub_order(
        db_session, sub_order, only=frozenset({MessageType.INVENTORY})
    )
    assert blocked.status is DeclarationStatus.BLOCKED
    assert blocked.problems == [{"code": "awaiting_waybill", "subject": sub_order.number}]
    waybill = book_and_declare(db_session, adapter.outbox, sub_order, actor=OPERATOR)
    assert blocked.status is DeclarationStatus.SUPERSEDED
    current = [
        row
        for row in rows_of(db_session, order, MessageType.INVENTORY)
        if row.status is not DeclarationStatus.SUPERSEDED
    ]
    assert [row.status for row in current] == [DeclarationStatus.PENDING]
    assert f"<ceb:logisticsNo>{waybill}</ceb:logisticsNo>" in current[0].payload


def _request(sub_order):
    from storefront.customs.exchange.outbox import shipment_request

    return shipment_request(sub_order, _settings())


def _settings():
    from flask import current_app

    return current_app.extensions["customs"].settings


def test_every_demo_product_declares_consistent_messages(db_session, order_declarations):
    """The consistency checker over every message the shop makes for the demo catalog: units
    against quantities, order against list, list against the booked waybill, per method."""
    from catalog.demo.loader import load_demo_catalog
    from storefront.customs.messages.consistency import waybill_problems
    from storefront.shipping.rates import seed_shipping_rates

    load_demo_catalog(db_session)
    seed_shipping_rates(db_session)
    db_session.commit()
    products = db_session.scalars(select(Product).order_by(Product.code)).all()
    methods = [ShippingMethod.POSTAL_PARCEL, ShippingMethod.INTERNATIONAL_EXPRESS]
    checked = 0
    for number, product in enumerate(products):
        variant = product.variants[-1]
        variant.stock = 10
        db_session.flush()
        order = paid(
            db_session, order_declarations, {variant.id: 2}, methods[number % len(methods)]
        )
        rows = rows_of(db_session, order)
        assert all(row.status is DeclarationStatus.PENDING for row in rows), rows[0].problems
        order_xml, list_xml = (etree.fromstring(row.payload.encode()) for row in rows)
        waybill = waybill_of(db_session, order.sub_orders[0].id).waybill_no
        assert line_problems(order_xml) == [] and line_problems(list_xml) == []
        assert order_list_problems(order_xml, list_xml) == []
        assert waybill_problems(list_xml, waybill) == []
        flag = list_xml.findtext(".//ceb:statisticsFlag", namespaces=NS)
        assert flag == product.producer.customs_statistics_flag.value == rows[1].statistics_flag
        checked += 1
    assert checked == len(products) >= 20


def test_every_receipt_of_a_whole_flow_validates_against_the_xsd(
    db_session, adapter, place_paid_order, folders, two_coops
):
    """Orders, lists, a cancellation and a monthly summary: every CEB304/604/606/702/792."""
    from storefront.customs.declarations.operations import cancel
    from storefront.customs.declarations.summaries import declare_monthly_summaries
    from tests.storefront.customs.web.test_operator_pages import (
        released_last_month,
        summarised_producers,
    )

    summarised_producers(two_coops)
    order = place_paid_order()
    clock = Clock()
    run_customs(db_session, folders, clock)
    first, second = rows_of(db_session, order, MessageType.INVENTORY)
    assert {first.status, second.status} == {DeclarationStatus.RELEASED}
    cancel(db_session, adapter.outbox, first, reason="买家取消订单", actor=OPERATOR)
    month = released_last_month(db_session, [second])
    declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    db_session.commit()
    run_customs(db_session, folders, clock)
    kinds = {path.name[:6] for path in folders.processed.glob("*.xml")}
    assert kinds == {"CEB304", "CEB604", "CEB606", "CEB702", "CEB792"}
    validator = SchemaValidator(CUSTOMS_XSD_DIR)
    for path in folders.processed.glob("*.xml"):
        validator.validate(path.read_bytes())
    assert not list(folders.failed.glob("*.xml"))
    assert first.status is DeclarationStatus.CANCELLED


def test_the_format_check_receipt_validates_too(folders):
    simulator = CustomsSimulator(folders, SchemaValidator(CUSTOMS_XSD_DIR), 0, clock=Clock())
    folders.write_outbox("CEB603_" + "A" * 8 + "-0000-4000-8000-" + "0" * 12 + ".xml", b"<broken")
    simulator.run_once()
    (receipt,) = folders.inbox.glob("CEB900*.xml")
    SchemaValidator(CUSTOMS_XSD_DIR).validate(receipt.read_bytes())
    (parsed,) = parse_receipts(receipt.read_bytes())
    assert parsed.return_status < 0 and parsed.original_message_type == "CEB603Message"


def test_the_simulator_refuses_a_summary_naming_a_list_declared_for_statistics_only(
    db_session, place_paid_order, folders, order_declarations
):
    """Customs summarises only lists declared B (汇总申报); one declared A (汇总统计) is refused
    with the reason, and no summary result follows."""
    from storefront.customs.messages.builders import build_summary
    from storefront.customs.messages.consistency import summary_problems
    from storefront.customs.messages.documents import Enterprise, SummaryDocument
    from storefront.customs.messages.wire_format import new_guid

    order = place_paid_order()  # both producers declare A, the default
    clock = Clock()
    run_customs(db_session, folders, clock)
    lists = rows_of(db_session, order, MessageType.INVENTORY)
    assert {row.statistics_flag for row in lists} == {"A"}
    settings = order_declarations.settings
    document = SummaryDocument(
        guid=new_guid(),
        customs_code=settings.customs_code,
        cop_no="SUM-TEST-A-LISTS",
        agent=settings.agent,
        ebc=Enterprise(lists[0].producer.customs_code, "测试合作社"),
        declaration_agent=settings.agent,
        inventory_nos=(lists[0].invt_no, "490020269999999999"),
    )
    message = order_declarations.outbox.finish(build_summary(document, settings.sender))
    assert summary_problems(etree.fromstring(message), {lists[0].invt_no: "B"}) == [
        "清单[490020269999999999]不存在"
    ]
    folders.write_outbox(f"CEB701_{new_guid()}.xml", message)
    simulator = CustomsSimulator(folders, SchemaValidator(CUSTOMS_XSD_DIR), 60, clock=clock)
    assert simulator.run_once().rejected == 1
    (receipt_path,) = folders.inbox.glob("CEB702_*.xml")
    SchemaValidator(CUSTOMS_XSD_DIR).validate(receipt_path.read_bytes())
    (receipt,) = parse_receipts(receipt_path.read_bytes())
    assert receipt.return_status == 100
    assert f"清单[{lists[0].invt_no}]为汇总统计清单" in receipt.return_info
    assert "490020269999999999]不存在" in receipt.return_info
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    assert not list(folders.inbox.glob("CEB792_*.xml"))  # nothing summarised
