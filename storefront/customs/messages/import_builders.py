"""Builders of bonded-import (1210) messages: CEB311 order, CEB621 list, CEB623 cancel, CEB625
return, and (for the sandbox parties) the payment company's CEB411 and the carrier's CEB511.

Each builder runs ``import_checks`` first and raises ``DeclarationRejected`` with every problem.
Elements follow the ``xs:sequence`` of ceb-import-202205.xsd exactly; the result is unsigned:
the outbox signs it (a ``ds:Signature`` is mandatory on CEB621/623/625 and goes last, after
BaseTransfer, where the import XSD puts it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from lxml import etree

from storefront.customs.messages.builders import (
    _append,
    _declaration_head,
    _Fields,
    _finish,
    _message_root,
    _party,
    _refuse_if_problems,
    _submission,
)
from storefront.customs.messages.codes import (
    AppStatus,
    AppType,
    customs_country_code,
    customs_currency_code,
    customs_unit_code,
)
from storefront.customs.messages.documents import Sender
from storefront.customs.messages.import_checks import (
    check_import_inventory,
    check_import_order,
    check_import_waybill,
    check_payment,
    check_return,
    check_withdrawal,
)
from storefront.customs.messages.import_documents import (
    ImportInventoryDocument,
    ImportOrderDocument,
    ImportWaybillDocument,
    ListWithdrawalDocument,
    Orderer,
    PaymentDocument,
    ReturnDocument,
)
from storefront.customs.messages.message_xml import ceb_tag
from storefront.customs.messages.wire_format import format_amount, format_app_time, format_date

IMPORT_ORDER_TYPE: Final = "I"
IMPORT_IE_FLAG: Final = "I"
ID_CARD: Final = "1"  # buyerIdType / payerIdType: resident identity card, the only value allowed
BONDED_COUNTRY: Final = "142"  # bonded lists: "country" is China (the goods leave the zone)


def _buyer(buyer: Orderer) -> _Fields:
    return (
        ("buyerIdType", ID_CARD),
        ("buyerIdNumber", buyer.id_number),
        ("buyerName", buyer.name),
        ("buyerTelephone", buyer.telephone),
    )


def build_import_order(
    order: ImportOrderDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB311Message for one import order (``orderType`` I)."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB311Message", check_import_order(order), sender, submission)
    root = _message_root("CEB311Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Order"))
    currency = customs_currency_code(order.currency)
    _append(
        etree.SubElement(entry, ceb_tag("OrderHead")),
        (
            *_declaration_head(order.guid, submission),
            ("orderType", IMPORT_ORDER_TYPE),
            ("orderNo", order.order_no),
            *_party("ebp", order.ebp),
            *_party("ebc", order.ebc),
            ("goodsValue", format_amount(order.goods_value)),
            ("freight", format_amount(order.freight)),
            ("discount", format_amount(order.discount)),
            ("taxTotal", format_amount(order.tax_total)),
            ("acturalPaid", format_amount(order.actual_paid)),  # the official spelling
            ("currency", currency),
            ("buyerRegNo", order.buyer_reg_no),
            ("buyerName", order.buyer.name),
            ("buyerTelephone", order.buyer.telephone),
            ("buyerIdType", ID_CARD),
            ("buyerIdNumber", order.buyer.id_number),
            ("payCode", order.pay_code),
            ("payName", order.pay_name),
            ("payTransactionId", order.pay_transaction_id),
            ("consignee", order.consignee),
            ("consigneeTelephone", order.consignee_telephone),
            ("consigneeAddress", order.consignee_address),
            ("consigneeDistrict", order.consignee_district),
            ("note", order.note),
        ),
    )
    for line in order.lines:
        _append(
            etree.SubElement(entry, ceb_tag("OrderList")),
            (
                ("gnum", str(line.gnum)),
                ("itemNo", line.item_no),
                ("itemName", line.item_name),
                ("gmodel", line.goods_model),
                ("itemDescribe", line.item_describe),
                ("barCode", line.bar_code),
                ("unit", customs_unit_code(line.unit)),
                ("qty", format_amount(line.qty)),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("currency", currency),
                ("country", customs_country_code(line.origin_country)),
                ("note", line.note),
            ),
        )
    return _finish(root, sender)


def build_import_inventory(
    inventory: ImportInventoryDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB621Message for one import inventory list (tradeMode 1210 or 9610)."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB621Message", check_import_inventory(inventory), sender, submission)
    inv = inventory
    root = _message_root("CEB621Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Inventory"))
    currency = customs_currency_code(inv.currency)
    _append(
        etree.SubElement(entry, ceb_tag("InventoryHead")),
        (
            *_declaration_head(inv.guid, submission),
            ("orderNo", inv.order_no),
            *_party("ebp", inv.ebp),
            *_party("ebc", inv.ebc),
            ("logisticsNo", inv.logistics_no),
            *_party("logistics", inv.logistics),
            ("copNo", inv.cop_no),
            ("preNo", inv.pre_no),
            ("assureCode", inv.assure_code),
            ("emsNo", inv.ems_no),
            ("invtNo", inv.invt_no),
            ("ieFlag", IMPORT_IE_FLAG),
            ("declTime", format_date(inv.declared_on)),
            ("customsCode", inv.customs_code),
            ("portCode", inv.port_code),
            *_buyer(inv.buyer),
            ("consigneeAddress", inv.consignee_address),
            *_party("agent", inv.agent),
            *(_party("area", inv.area) if inv.area else ()),
            ("tradeMode", str(inv.trade_mode)),
            ("trafMode", str(inv.transport_mode)),
            ("country", BONDED_COUNTRY),
            ("freight", format_amount(inv.freight)),
            ("insuredFee", format_amount(inv.insured_fee)),
            ("currency", currency),
            ("wrapType", inv.wrap_type),
            ("packNo", str(inv.pack_count)),
            ("grossWeight", format_amount(inv.gross_weight)),
            ("netWeight", format_amount(inv.net_weight)),
            ("note", inv.note),
        ),
    )
    for line in inv.lines:
        _append(
            etree.SubElement(entry, ceb_tag("InventoryList")),
            (
                ("gnum", str(line.gnum)),
                ("itemRecordNo", line.item_record_no),
                ("itemNo", line.item_no),
                ("itemName", line.item_name),
                ("gcode", line.hs_code),
                ("gname", line.goods_name),
                ("gmodel", line.goods_model),
                ("barCode", line.bar_code),
                ("country", customs_country_code(line.origin_country)),
                ("currency", currency),
                ("qty", format_amount(line.qty)),
                ("unit", customs_unit_code(line.unit)),
                ("qty1", format_amount(line.legal_qty)),
                ("unit1", customs_unit_code(line.legal_unit)),
                ("qty2", format_amount(line.second_qty) if line.second_qty is not None else None),
                ("unit2", customs_unit_code(line.second_unit) if line.second_unit else None),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("note", line.note),
            ),
        )
    return _finish(root, sender)


def _withdrawal_fields(doc: ListWithdrawalDocument) -> _Fields:
    return (
        ("customsCode", doc.customs_code),
        ("orderNo", doc.order_no),
        *_party("ebp", doc.ebp),
        *_party("ebc", doc.ebc),
        ("logisticsNo", doc.logistics_no),
        *_party("logistics", doc.logistics),
        ("copNo", doc.cop_no),
        ("preNo", doc.pre_no),
        ("invtNo", doc.invt_no),
        *_buyer(doc.buyer),
        *_party("agent", doc.agent),
        ("reason", doc.reason),
        ("note", doc.note),
    )


def build_import_cancel(
    cancel: ListWithdrawalDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB623Message: withdraw (撤单) a list customs has numbered but not released.

    ``appType`` is always 1 (the spec allows nothing else for a cancellation).
    """
    submission = _submission(app_time, message_guid, AppType.NEW, app_status)
    _refuse_if_problems("CEB623Message", check_withdrawal(cancel), sender, submission)
    root = _message_root("CEB623Message", submission.message_guid)
    _append(
        etree.SubElement(root, ceb_tag("InvtCancel")),
        (*_declaration_head(cancel.guid, submission), *_withdrawal_fields(cancel)),
    )
    return _finish(root, sender)


def build_import_return(
    document: ReturnDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB625Message: return (退货) released goods to the zone (GACC 2020 No.45)."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB625Message", check_return(document), sender, submission)
    root = _message_root("CEB625Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("InvtRefund"))
    _append(
        etree.SubElement(entry, ceb_tag("InvtRefundHead")),
        (*_declaration_head(document.head.guid, submission), *_withdrawal_fields(document.head)),
    )
    for line in document.lines:
        _append(
            etree.SubElement(entry, ceb_tag("InvtRefundList")),
            (
                ("gnum", str(line.gnum)),
                ("gcode", line.hs_code),
                ("gname", line.goods_name),
                ("qty", format_amount(line.qty)),
                ("unit", customs_unit_code(line.unit)),
                ("note", line.note),
            ),
        )
    return _finish(root, sender)


def build_payment(
    payment: PaymentDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    message_guid: str | None = None,
) -> bytes:
    """CEB411Message: the payment company's declaration of an order's payment."""
    submission = _submission(app_time, message_guid, AppType.NEW, AppStatus.DECLARE)
    _refuse_if_problems("CEB411Message", check_payment(payment), sender, submission)
    root = _message_root("CEB411Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Payment"))
    _append(
        etree.SubElement(entry, ceb_tag("PaymentHead")),
        (
            *_declaration_head(payment.guid, submission),
            ("payCode", payment.pay_company.code),
            ("payName", payment.pay_company.name),
            ("payTransactionId", payment.pay_transaction_id),
            ("orderNo", payment.order_no),
            *_party("ebp", payment.ebp),
            ("payerIdType", ID_CARD),
            ("payerIdNumber", payment.payer.id_number),
            ("payerName", payment.payer.name),
            ("telephone", payment.payer.telephone),
            ("amountPaid", format_amount(payment.amount_paid)),
            ("currency", customs_currency_code(payment.currency)),
            ("payTime", format_app_time(payment.paid_at)),
        ),
    )
    return _finish(root, sender)


def build_import_waybill(
    waybill: ImportWaybillDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    message_guid: str | None = None,
) -> bytes:
    """CEB511Message: the carrier's declaration of the waybill of an order."""
    submission = _submission(app_time, message_guid, AppType.NEW, AppStatus.DECLARE)
    _refuse_if_problems("CEB511Message", check_import_waybill(waybill), sender, submission)
    root = _message_root("CEB511Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Logistics"))
    optional_amount = lambda value: format_amount(value) if value is not None else None  # noqa: E731
    _append(
        etree.SubElement(entry, ceb_tag("LogisticsHead")),
        (
            *_declaration_head(waybill.guid, submission),
            *_party("logistics", waybill.logistics),
            ("logisticsNo", waybill.logistics_no),
            ("orderNo", waybill.order_no),
            ("freight", optional_amount(waybill.freight)),
            ("insuredFee", optional_amount(waybill.insured_fee)),
            ("currency", customs_currency_code(waybill.currency)),
            ("weight", format_amount(waybill.weight)),
            ("packNo", str(waybill.pack_count)),
            ("goodsInfo", waybill.goods_info),
            ("consignee", waybill.consignee),
            ("consigneeAddress", waybill.consignee_address),
            ("consigneeTelephone", waybill.consignee_telephone),
        ),
    )
    return _finish(root, sender)
