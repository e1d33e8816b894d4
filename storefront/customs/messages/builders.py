"""Builders of 9610 export messages: CEB303 order, CEB603 inventory, CEB605 cancel, CEB701 summary.

Each builder runs the project's checks first and raises ``DeclarationRejected`` with every problem
rather than produce a half-filled message. Elements are written in the exact order of the
``xs:sequence`` of ceb-export-202205.xsd. The result is unsigned UTF-8 XML: a declaration with
``appStatus`` 2 must then go through a ``Signer`` (see ``signing``) before it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final, NamedTuple

from lxml import etree

from storefront.customs.messages.checks import (
    DeclarationProblem,
    check_choice,
    check_export_order,
    check_inventory,
    check_inventory_cancel,
    check_sender,
    check_summary,
)
from storefront.customs.messages.codes import (
    AppStatus,
    AppType,
    customs_country_code,
    customs_currency_code,
    customs_unit_code,
)
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    Sender,
    SummaryDocument,
)
from storefront.customs.messages.exceptions import DeclarationRejected
from storefront.customs.messages.message_xml import CEB_NAMESPACE, ceb_tag, serialize_message
from storefront.customs.messages.wire_format import (
    format_amount,
    format_app_time,
    format_date,
    is_guid,
    new_guid,
)

MESSAGE_VERSION: Final = "1.0"
EXPORT_ORDER_TYPE: Final = "E"  # B2C export order
EXPORT_IE_FLAG: Final = "E"
DXP_MODE: Final = "DXP"
# itemNameFlag: 1 = summarise by the lists' original item names, the only value the spec names.
ITEM_NAME_FLAG: Final = "1"

_Element = etree._Element
_Fields = Iterable[tuple[str, str | None]]


def build_export_order(
    order: ExportOrderDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB303Message for one export order (``orderType`` E)."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB303Message", check_export_order(order), sender, submission)
    root = _message_root("CEB303Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Order"))
    currency = customs_currency_code(order.currency)
    _append(
        etree.SubElement(entry, ceb_tag("OrderHead")),
        (
            *_declaration_head(order.guid, submission),
            ("orderType", EXPORT_ORDER_TYPE),
            ("orderNo", order.order_no),
            *_party("ebp", order.ebp),
            *_party("ebc", order.ebc),
            ("goodsValue", format_amount(order.goods_value)),
            ("freight", format_amount(order.freight)),
            ("currency", currency),
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
                ("itemDescribe", line.item_describe),
                ("barCode", line.bar_code),
                ("unit", customs_unit_code(line.unit)),
                ("currency", currency),
                ("qty", format_amount(line.qty)),
                ("price", format_amount(line.price)),
                ("totalPrice", format_amount(line.total_price)),
                ("note", line.note),
            ),
        )
    return _finish(root, sender)


def build_inventory(
    inventory: InventoryDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB603Message for one export inventory list."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB603Message", check_inventory(inventory), sender, submission)
    inv = inventory
    root = _message_root("CEB603Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("Inventory"))
    arrival_country = customs_country_code(inv.arrival_country)
    _append(
        etree.SubElement(entry, ceb_tag("InventoryHead")),
        (
            *_declaration_head(inv.guid, submission),
            ("customsCode", inv.customs_code),
            *_party("ebp", inv.ebp),
            ("orderNo", inv.order_no),
            *_party("logistics", inv.logistics),
            ("logisticsNo", inv.logistics_no),
            ("copNo", inv.cop_no),
            ("preNo", inv.pre_no),
            ("invtNo", inv.invt_no),
            ("ieFlag", EXPORT_IE_FLAG),
            ("portCode", inv.port_code),
            ("ieDate", format_date(inv.export_date)),
            ("statisticsFlag", str(inv.statistics_flag)),
            *_party("agent", inv.agent),
            *_party("ebc", inv.ebc),
            *_party("owner", inv.owner),
            *(_party("iac", inv.iac) if inv.iac else ()),
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
    )
    currency = customs_currency_code(inv.currency)
    for line in inv.lines:
        destination = line.destination_country
        _append(
            etree.SubElement(entry, ceb_tag("InventoryList")),
            (
                ("gnum", str(line.gnum)),
                ("itemNo", line.item_no),
                ("itemRecordNo", line.item_record_no),
                ("itemName", line.item_name),
                ("gcode", line.hs_code),
                ("gname", line.goods_name),
                ("gmodel", line.goods_model),
                ("barCode", line.bar_code),
                ("country", customs_country_code(destination) if destination else arrival_country),
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
            ),
        )
    return _finish(root, sender)


def build_inventory_cancel(
    cancel: InventoryCancelDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB605Message asking customs to cancel an inventory list (``appType`` is always 1)."""
    submission = _submission(app_time, message_guid, AppType.NEW, app_status)
    _refuse_if_problems("CEB605Message", check_inventory_cancel(cancel), sender, submission)
    root = _message_root("CEB605Message", submission.message_guid)
    _append(
        etree.SubElement(root, ceb_tag("InvtCancel")),
        (
            *_declaration_head(cancel.guid, submission),
            ("customsCode", cancel.customs_code),
            ("copNo", cancel.cop_no),
            ("preNo", cancel.pre_no),
            ("invtNo", cancel.invt_no),
            ("reason", cancel.reason),
            *_party("agent", cancel.agent),
            *_party("ebc", cancel.ebc),
            ("note", cancel.note),
        ),
    )
    return _finish(root, sender)


def build_summary(
    summary: SummaryDocument,
    sender: Sender,
    *,
    app_time: datetime | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
    message_guid: str | None = None,
) -> bytes:
    """CEB701Message: summary application for released lists (by list numbers or by period)."""
    submission = _submission(app_time, message_guid, app_type, app_status)
    _refuse_if_problems("CEB701Message", check_summary(summary), sender, submission)
    start, end = summary.period_start, summary.period_end
    root = _message_root("CEB701Message", submission.message_guid)
    entry = etree.SubElement(root, ceb_tag("SummaryApply"))
    _append(
        etree.SubElement(entry, ceb_tag("SummaryApplyHead")),
        (
            *_declaration_head(summary.guid, submission),
            ("customsCode", summary.customs_code),
            ("copNo", summary.cop_no),
            ("preNo", summary.pre_no),
            ("sumNo", summary.sum_no),
            *_party("agent", summary.agent),
            *_party("ebc", summary.ebc),
            *_party("declAgent", summary.declaration_agent),
            ("startTime", format_app_time(start) if start else None),
            ("endTime", format_app_time(end) if end else None),
            ("loctNo", summary.loct_no),
            ("summaryFlag", str(summary.summary_flag)),
            ("itemNameFlag", ITEM_NAME_FLAG),
            ("msgCount", str(summary.msg_count)),
            ("msgSeqNo", str(summary.msg_seq_no)),
            ("note", summary.note),
        ),
    )
    for invt_no in summary.inventory_nos:
        _append(etree.SubElement(entry, ceb_tag("SummaryApplyList")), (("invtNo", invt_no),))
    return _finish(root, sender)


class _Submission(NamedTuple):
    """How a message is submitted: its GUID, time, type and status."""

    message_guid: str
    app_time: datetime
    app_type: AppType
    app_status: AppStatus


def _submission(
    app_time: datetime | None, message_guid: str | None, app_type: AppType, app_status: AppStatus
) -> _Submission:
    return _Submission(
        message_guid=new_guid() if message_guid is None else message_guid,
        app_time=datetime.now(UTC) if app_time is None else app_time,
        app_type=app_type,
        app_status=app_status,
    )


def _refuse_if_problems(
    message_type: str,
    problems: list[DeclarationProblem],
    sender: Sender,
    submission: _Submission,
) -> None:
    """Add the sender's and the submission's problems; raise ``DeclarationRejected`` if any."""
    problems = problems + check_sender(sender)
    problems += check_choice("app_type", submission.app_type, AppType)
    problems += check_choice("app_status", submission.app_status, AppStatus)
    app_time = submission.app_time
    if app_time.tzinfo is None or app_time.utcoffset() is None:
        problems.append(DeclarationProblem("app_time", "must be a timezone-aware datetime"))
    if not is_guid(submission.message_guid):
        problems.append(
            DeclarationProblem("message_guid", "must be a 36-character upper-case GUID")
        )
    if problems:
        raise DeclarationRejected(message_type, tuple(problems))


def _message_root(message_type: str, message_guid: str) -> _Element:
    return etree.Element(
        ceb_tag(message_type),
        {"guid": message_guid, "version": MESSAGE_VERSION},
        nsmap={"ceb": CEB_NAMESPACE},
    )


def _declaration_head(guid: str, submission: _Submission) -> _Fields:
    return (
        ("guid", guid),
        ("appType", str(submission.app_type)),
        ("appTime", format_app_time(submission.app_time)),
        ("appStatus", str(submission.app_status)),
    )


def _party(prefix: str, enterprise: Enterprise) -> _Fields:
    return ((f"{prefix}Code", enterprise.code), (f"{prefix}Name", enterprise.name))


def _append(parent: _Element, fields: _Fields) -> None:
    """Append one child per field, in order; an optional field without a value is left out."""
    for name, text in fields:
        if text:
            etree.SubElement(parent, ceb_tag(name)).text = text


def _finish(root: _Element, sender: Sender) -> bytes:
    _append(
        etree.SubElement(root, ceb_tag("BaseTransfer")),
        (
            ("copCode", sender.cop_code),
            ("copName", sender.cop_name),
            ("dxpMode", DXP_MODE),
            ("dxpId", sender.dxp_id),
            ("note", sender.note),
        ),
    )
    return serialize_message(root)
