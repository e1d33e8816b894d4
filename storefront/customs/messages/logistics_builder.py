"""CEB505 logistics (waybill) message: what the carrier declares for a parcel it booked.

The carrier sends it from its own DXP account (``BaseTransfer`` = the carrier), not the shop;
the project builds it only for the sandbox carrier, which plays the carrier's side towards the
simulator so that customs can compare order, waybill and list. Element order: ``Logistics`` of
ceb-export-202205.xsd.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lxml import etree

from storefront.customs.messages.builders import (
    _append,
    _declaration_head,
    _finish,
    _message_root,
    _party,
    _submission,
)
from storefront.customs.messages.codes import AppStatus, AppType, customs_currency_code
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.message_xml import ceb_tag
from storefront.customs.messages.wire_format import format_amount


@dataclass(frozen=True, slots=True)
class LogisticsDocument:
    guid: str
    logistics: Enterprise  # the carrier
    logistics_no: str  # waybill number, at most 32 characters
    freight: Decimal
    insured_fee: Decimal
    currency: str  # ISO 4217
    gross_weight: Decimal  # kg
    pack_count: int
    goods_info: str  # at most 200 characters
    ebc: Enterprise | None = None


def build_logistics(
    document: LogisticsDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    message_guid: str | None = None,
) -> bytes:
    submission = _submission(app_time, message_guid, AppType.NEW, AppStatus.DECLARE)
    root = _message_root("CEB505Message", submission.message_guid)
    _append(
        etree.SubElement(root, ceb_tag("Logistics")),
        (
            *_declaration_head(document.guid, submission),
            *_party("logistics", document.logistics),
            ("logisticsNo", document.logistics_no[:32]),
            ("freight", format_amount(document.freight)),
            ("insuredFee", format_amount(document.insured_fee)),
            ("currency", customs_currency_code(document.currency)),
            ("grossWeight", format_amount(document.gross_weight)),
            ("packNo", str(document.pack_count)),
            ("goodsInfo", document.goods_info[:200]),
            *(_party("ebc", document.ebc) if document.ebc else ()),
        ),
    )
    return _finish(root, sender)
