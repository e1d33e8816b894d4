"""Builders of 9610 export messages: CEB303 order, CEB603 inventory, CEB605 cancel, CEB701 summary.

Each builder describes its business entry, field by field in the exact order of the
``xs:sequence`` of ceb-export-202205.xsd; ``message_shape.compose_message`` runs the project's
checks first and raises ``DeclarationRejected`` with every problem rather than produce a
half-filled message. The result is unsigned UTF-8 XML: a declaration with ``appStatus`` 2 must
then go through a ``Signer`` (see ``signing``) before it is sent. Keyword options (all builders):
``app_time``, ``message_guid``, ``app_type`` (not for CEB605, always 1) and ``app_status``.
"""

from __future__ import annotations

from typing import Final, Unpack

from storefront.customs.messages.checks import (
    check_export_order,
    check_inventory,
    check_inventory_cancel,
    check_summary,
)
from storefront.customs.messages.codes import (
    AppType,
    customs_country_code,
    customs_currency_code,
    customs_unit_code,
)
from storefront.customs.messages.documents import (
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    Sender,
    SummaryDocument,
)
from storefront.customs.messages.message_shape import (
    Entry,
    Submission,
    SubmissionOptions,
    compose_message,
    declaration_head,
    new_submission,
    party,
)
from storefront.customs.messages.wire_format import format_amount, format_app_time, format_date

EXPORT_ORDER_TYPE: Final = "E"  # B2C export order
EXPORT_IE_FLAG: Final = "E"
# itemNameFlag: 1 = summarise by the lists' original item names, the only value the spec names.
ITEM_NAME_FLAG: Final = "1"


def build_export_order(
    order: ExportOrderDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB303Message for one export order (``orderType`` E)."""
    submission = new_submission(**options)
    return compose_message(
        "CEB303Message",
        check_export_order(order),
        sender,
        submission,
        lambda: _order_entry(order, submission),
    )


def _order_entry(order: ExportOrderDocument, submission: Submission) -> Entry:
    currency = customs_currency_code(order.currency)
    return Entry(
        "Order",
        (
            *declaration_head(order.guid, submission),
            ("orderType", EXPORT_ORDER_TYPE),
            ("orderNo", order.order_no),
            *party("ebp", order.ebp),
            *party("ebc", order.ebc),
            ("goodsValue", format_amount(order.goods_value)),
            ("freight", format_amount(order.freight)),
            ("currency", currency),
            ("note", order.note),
        ),
        head_tag="OrderHead",
        list_tag="OrderList",
        rows=[
            (
                ("gnum", str(line.gnum)),
                ("itemNo", line.item_no),
                ("itemName", line.item_name),
                ("itemDescribe", line.item_describe),
                ("barCode", line.bar_code),
                ("unit", customs_unit_code(line.unit)),
                ("currency", currency),
                ("qty", format_amount(line.qty)),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("note", line.note),
            )
            for line in order.lines
        ],
    )


def build_inventory(
    inventory: InventoryDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB603Message for one export inventory list."""
    submission = new_submission(**options)
    return compose_message(
        "CEB603Message",
        check_inventory(inventory),
        sender,
        submission,
        lambda: _inventory_entry(inventory, submission),
    )


def _inventory_entry(inv: InventoryDocument, submission: Submission) -> Entry:
    arrival_country = customs_country_code(inv.arrival_country)
    currency = customs_currency_code(inv.currency)
    return Entry(
        "Inventory",
        (
            *declaration_head(inv.guid, submission),
            ("customsCode", inv.customs_code),
            *party("ebp", inv.ebp),
            ("orderNo", inv.order_no),
            *party("logistics", inv.logistics),
            ("logisticsNo", inv.logistics_no),
            ("copNo", inv.cop_no),
            ("preNo", inv.pre_no),
            ("invtNo", inv.invt_no),
            ("ieFlag", EXPORT_IE_FLAG),
            ("portCode", inv.port_code),
            ("ieDate", format_date(inv.export_date)),
            ("statisticsFlag", str(inv.statistics_flag)),
            *party("agent", inv.agent),
            *party("ebc", inv.ebc),
            *party("owner", inv.owner),
            *(party("iac", inv.iac) if inv.iac else ()),
            ("emsNo", inv.ems_no),
            ("tradeMode", str(inv.trade_mode)),
            ("trafMode", str(inv.transport_mode)),
            ("trafName", inv.transport_name),
            ("voyageNo", inv.voyage_no),
            ("billNo", inv.bill_no),
            ("totalPackageNo", inv.total_package_no),
            ("loctNo", inv.loct_no),
            ("licenseNo", inv.license_no),
            ("country", arrival_country),
            ("POD", inv.destination_port),
            ("freight", format_amount(inv.freight)),
            ("fCurrency", customs_currency_code(inv.freight_currency)),
            ("fFlag", str(inv.freight_flag)),
            ("insuredFee", format_amount(inv.insured_fee)),
            ("iCurrency", customs_currency_code(inv.insurance_currency)),
            ("iFlag", str(inv.insurance_flag)),
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
                ("itemNo", line.item_no),
                ("itemRecordNo", line.item_record_no),
                ("itemName", line.item_name),
                ("gcode", line.hs_code),
                ("gname", line.goods_name),
                ("gmodel", line.goods_model),
                ("barCode", line.bar_code),
                (
                    "country",
                    customs_country_code(line.destination_country)
                    if line.destination_country
                    else arrival_country,
                ),
                ("currency", currency),
                ("qty", format_amount(line.qty)),
                ("qty1", format_amount(line.legal_qty)),
                ("qty2", format_amount(line.second_qty) if line.second_qty is not None else None),
                ("unit", customs_unit_code(line.unit)),
                ("unit1", customs_unit_code(line.legal_unit)),
                ("unit2", customs_unit_code(line.second_unit) if line.second_unit else None),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("note", line.note),
            )
            for line in inv.lines
        ],
    )


def build_inventory_cancel(
    cancel: InventoryCancelDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB605Message asking customs to cancel an inventory list (``appType`` is always 1)."""
    submission = new_submission(**{**options, "app_type": AppType.NEW})
    return compose_message(
        "CEB605Message",
        check_inventory_cancel(cancel),
        sender,
        submission,
        lambda: Entry(
            "InvtCancel",
            (
                *declaration_head(cancel.guid, submission),
                ("customsCode", cancel.customs_code),
                ("copNo", cancel.cop_no),
                ("preNo", cancel.pre_no),
                ("invtNo", cancel.invt_no),
                ("reason", cancel.reason),
                *party("agent", cancel.agent),
                *party("ebc", cancel.ebc),
                ("note", cancel.note),
            ),
        ),
    )


def build_summary(
    summary: SummaryDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    """CEB701Message: summary application for released lists (by list numbers or by period)."""
    submission = new_submission(**options)
    start, end = summary.period_start, summary.period_end
    return compose_message(
        "CEB701Message",
        check_summary(summary),
        sender,
        submission,
        lambda: Entry(
            "SummaryApply",
            (
                *declaration_head(summary.guid, submission),
                ("customsCode", summary.customs_code),
                ("copNo", summary.cop_no),
                ("preNo", summary.pre_no),
                ("sumNo", summary.sum_no),
                *party("agent", summary.agent),
                *party("ebc", summary.ebc),
                *party("declAgent", summary.declaration_agent),
                ("startTime", format_app_time(start) if start else None),
                ("endTime", format_app_time(end) if end else None),
                ("loctNo", summary.loct_no),
                ("summaryFlag", str(summary.summary_flag)),
                ("itemNameFlag", ITEM_NAME_FLAG),
                ("msgCount", str(summary.msg_count)),
                ("msgSeqNo", str(summary.msg_seq_no)),
                ("note", summary.note),
            ),
            head_tag="SummaryApplyHead",
            list_tag="SummaryApplyList",
            rows=[(("invtNo", invt_no),) for invt_no in summary.inventory_nos],
        ),
    )
