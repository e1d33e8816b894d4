"""The carrier side's messages (CEB505 waybill, CEB507 arrival, CEB509 departure): schema-valid,
sent from the carrier's own account, refused when a waybill or a number does not fit."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.exceptions import DeclarationRejected
from storefront.customs.messages.logistics_builders import (
    ArrivalDocument,
    DepartureDocument,
    LogisticsDocument,
    build_arrival,
    build_departure,
    build_logistics,
)
from storefront.customs.messages.message_xml import CEB_NAMESPACE
from storefront.customs.messages.schema import SchemaValidator

from .conftest import CARRIER, PRODUCER

NS = {"ceb": CEB_NAMESPACE}
CARRIER_SENDER = Sender(CARRIER.code, CARRIER.name, "DXPLGS0000000001")
POST = Enterprise("4310980005", "中国邮政速递物流股份有限公司郴州市分公司")
GUID = "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
WAYBILLS = ("CP123456785CN", "CP234567891CN")
LEFT = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)


def _text(xml: bytes, path: str) -> list[str]:
    return [element.text or "" for element in etree.fromstring(xml).findall(path, NS)]


def test_waybill_declaration_is_schema_valid(validator: SchemaValidator) -> None:
    xml = build_logistics(
        LogisticsDocument(
            guid=GUID,
            logistics=POST,
            logistics_no=WAYBILLS[0],
            freight=Decimal("45.00"),
            insured_fee=Decimal(0),
            currency="CNY",
            gross_weight=Decimal("1.6"),
            pack_count=1,
            goods_info="卤鸭;绿茶",
            ebc=PRODUCER,
        ),
        CARRIER_SENDER,
    )
    validator.validate(xml)
    assert _text(xml, ".//ceb:Logistics/ceb:logisticsNo") == [WAYBILLS[0]]
    assert _text(xml, ".//ceb:BaseTransfer/ceb:copCode") == [CARRIER.code]


def test_postal_arrival_names_the_postal_operator_as_site_operator(
    validator: SchemaValidator,
) -> None:
    xml = build_arrival(
        ArrivalDocument(
            guid=GUID,
            customs_code="4900",
            cop_no=f"ARR{WAYBILLS[0]}",
            operator=POST,
            logistics=POST,
            transport_mode=TransportMode.POST,
            domestic_transport="湘L12345",
            logistics_nos=WAYBILLS,
        ),
        CARRIER_SENDER,
    )
    validator.validate(xml)
    assert _text(xml, ".//ceb:ArrivalHead/ceb:operatorCode") == [POST.code]
    assert _text(xml, ".//ceb:ArrivalHead/ceb:trafMode") == ["6"]
    assert _text(xml, ".//ceb:ArrivalList/ceb:logisticsNo") == list(WAYBILLS)
    assert _text(xml, ".//ceb:ArrivalList/ceb:gnum") == ["1", "2"]


def test_departure_carries_the_leave_time_in_china_time(validator: SchemaValidator) -> None:
    xml = build_departure(
        DepartureDocument(
            guid=GUID,
            customs_code="4900",
            cop_no=f"DEP{WAYBILLS[0]}",
            logistics=POST,
            transport_mode=TransportMode.POST,
            leave_time=LEFT,
            logistics_nos=WAYBILLS[:1],
        ),
        CARRIER_SENDER,
    )
    validator.validate(xml)
    assert _text(xml, ".//ceb:DepartureHead/ceb:leaveTime") == ["20260303143000"]
    assert _text(xml, ".//ceb:DepartureList/ceb:logisticsNo") == [WAYBILLS[0]]


def test_a_departure_without_parcels_or_with_an_overlong_waybill_is_refused() -> None:
    document = DepartureDocument(
        guid=GUID,
        customs_code="49",
        cop_no="D" * 31,
        logistics=POST,
        transport_mode=TransportMode.POST,
        leave_time=LEFT,
        logistics_nos=("X" * 33,),
    )
    with pytest.raises(DeclarationRejected) as refused:
        build_departure(document, CARRIER_SENDER)
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"customs_code", "cop_no", "logistics_no"}
