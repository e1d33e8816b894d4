"""Builders of bonded-import (1210) messages: CEB311 order, CEB621 list, CEB623 cancel, CEB625
return, and (for the sandbox parties) the payment company's CEB411 and the carrier's CEB511.

Each builder describes its business entry, field by field in the exact order of the
``xs:sequence`` of ceb-import-202205.xsd; ``message_shape.compose_message`` runs
``import_checks`` first and raises ``DeclarationRejected`` with every problem. The result is
unsigned: the outbox signs it (a ``ds:Signature`` is mandatory on CEB621/623/625 and goes
last, after BaseTransfer, where the import XSD puts it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Unpack

from storefront.customs.messages.codes import (
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
from storefront.customs.messages.message_shape import (
    Entry,
    Fields,
    Submission,
    SubmissionOptions,
    compose_message,
    declaration_head,
    new_submission,
    party,
)
from storefront.customs.messages.wire_format import format_amount, format_app_time, format_date

IMPORT_ORDER_TYPE: Final = "I"
IMPORT_IE_FLAG: Final = "I"
ID_CARD: Final = "1"  # buyerIdType / payerIdType: resident identity card, the only value allowed
BONDED_COUNTRY: Final = "142"  # bonded lists: "country" is China (the goods leave the zone)


def _buyer(buyer: Orderer) -> Fields:
    return (
        ("buyerIdType", ID_CARD),
        ("buyerIdNumber", buyer.id_number),
        ("buyerName", buyer.name),
        ("buyerTelephone", buyer.telephone),
    )


def _optional_amount(value: object) -> str | None:
    return format_amount(value) if value is not None else None  # type: ignore[arg-type]


def build_import_order(
    order: ImportOrderDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB311Message for one import order (``orderType`` I)."""
    submission = new_submission(**options)
    return compose_message(
        "CEB311Message",
        check_import_order(order),
        sender,
        submission,
        lambda: _order_entry(order, submission),
    )


def _order_entry(order: ImportOrderDocument, submission: Submission) -> Entry:
    currency = customs_currency_code(order.currency)
    return Entry(
        "Order",
        (
            *declaration_head(order.guid, submission),
            ("orderType", IMPORT_ORDER_TYPE),
            ("orderNo", order.order_no),
            *party("ebp", order.ebp),
            *party("ebc", order.ebc),
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
        head_tag="OrderHead",
        list_tag="OrderList",
        rows=[
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
            )
            for line in order.lines
        ],
    )


def build_import_inventory(
    inventory: ImportInventoryDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB621Message for one import inventory list (tradeMode 1210 or 9610)."""
    submission = new_submission(**options)
    return compose_message(
        "CEB621Message",
        check_import_inventory(inventory),
        sender,
        submission,
        lambda: _inventory_entry(inventory, submission),
    )


def _inventory_entry(inv: ImportInventoryDocument, submission: Submission) -> Entry:
    currency = customs_currency_code(inv.currency)
    return Entry(
        "Inventory",
        (
            *declaration_head(inv.guid, submission),
            ("orderNo", inv.order_no),
            *party("ebp", inv.ebp),
            *party("ebc", inv.ebc),
            ("logisticsNo", inv.logistics_no),
            *party("logistics", inv.logistics),
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
            *party("agent", inv.agent),
            *(party("area", inv.area) if inv.area else ()),
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
        head_tag="InventoryHead",
        list_tag="InventoryList",
        rows=[
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
                ("qty2", _optional_amount(line.second_qty)),
                ("unit2", customs_unit_code(line.second_unit) if line.second_unit else None),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("note", line.note),
            )
            for line in inv.lines
        ],
    )


def _withdrawal_fields(doc: ListWithdrawalDocument) -> Fields:
    return (
        ("customsCode", doc.customs_code),
        ("orderNo", doc.order_no),
        *party("ebp", doc.ebp),
        *party("ebc", doc.ebc),
        ("logisticsNo", doc.logistics_no),
        *party("logistics", doc.logistics),
        ("copNo", doc.cop_no),
        ("preNo", doc.pre_no),
        ("invtNo", doc.invt_no),
        *_buyer(doc.buyer),
        *party("agent", doc.agent),
        ("reason", doc.reason),
        ("note", doc.note),
    )


def build_import_cancel(
    cancel: ListWithdrawalDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB623Message: withdraw (撤单) a list customs has numbered but not released.

    ``appType`` is always 1 (the spec allows nothing else for a cancellation).
    """
    submission = new_submission(**{**options, "app_type": AppType.NEW})
    return compose_message(
        "CEB623Message",
        check_withdrawal(cancel),
        sender,
        submission,
        lambda: Entry(
            "InvtCancel", (*declaration_head(cancel.guid, submission), *_withdrawal_fields(cancel))
        ),
    )


def build_import_return(
    document: ReturnDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB625Message: return (退货) released goods to the zone (GACC 2020 No.45)."""
    submission = new_submission(**options)
    head = document.head
    return compose_message(
        "CEB625Message",
        check_return(document),
        sender,
        submission,
        lambda: Entry(
            "InvtRefund",
            (*declaration_head(head.guid, submission), *_withdrawal_fields(head)),
            head_tag="InvtRefundHead",
            list_tag="InvtRefundList",
            rows=[
                (
                    ("gnum", str(line.gnum)),
                    ("gcode", line.hs_code),
                    ("gname", line.goods_name),
                    ("qty", format_amount(line.qty)),
                    ("unit", customs_unit_code(line.unit)),
                    ("note", line.note),
                )
                for line in document.lines
            ],
        ),
    )


def build_payment(
    payment: PaymentDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    message_guid: str | None = None,
) -> bytes:
    """CEB411Message: the payment company's declaration of an order's payment."""
    submission = new_submission(app_time, message_guid)
    return compose_message(
        "CEB411Message",
        check_payment(payment),
        sender,
        submission,
        lambda: Entry(
            "Payment",
            (
                *declaration_head(payment.guid, submission),
                ("payCode", payment.pay_company.code),
                ("payName", payment.pay_company.name),
                ("payTransactionId", payment.pay_transaction_id),
                ("orderNo", payment.order_no),
                *party("ebp", payment.ebp),
                ("payerIdType", ID_CARD),
                ("payerIdNumber", payment.payer.id_number),
                ("payerName", payment.payer.name),
                ("telephone", payment.payer.telephone),
                ("amountPaid", format_amount(payment.amount_paid)),
                ("currency", customs_currency_code(payment.currency)),
                ("payTime", format_app_time(payment.paid_at)),
            ),
            head_tag="PaymentHead",
        ),
    )


def build_import_waybill(
    waybill: ImportWaybillDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    message_guid: str | None = None,
) -> bytes:
    """CEB511Message: the carrier's declaration of the waybill of an order."""
    submission = new_submission(app_time, message_guid)
    return compose_message(
        "CEB511Message",
        check_import_waybill(waybill),
        sender,
        submission,
        lambda: Entry(
            "Logistics",
            (
                *declaration_head(waybill.guid, submission),
                *party("logistics", waybill.logistics),
                ("logisticsNo", waybill.logistics_no),
                ("orderNo", waybill.order_no),
                ("freight", _optional_amount(waybill.freight)),
                ("insuredFee", _optional_amount(waybill.insured_fee)),
                ("currency", customs_currency_code(waybill.currency)),
                ("weight", format_amount(waybill.weight)),
                ("packNo", str(waybill.pack_count)),
                ("goodsInfo", waybill.goods_info),
                ("consignee", waybill.consignee),
                ("consigneeAddress", waybill.consignee_address),
                ("consigneeTelephone", waybill.consignee_telephone),
            ),
            head_tag="LogisticsHead",
        ),
    )
