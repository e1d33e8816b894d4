"""Parsing of customs receipts: CEB304 order, CEB604 inventory, CEB606 cancel, CEB702 summary
receipts (export), CEB312 order, CEB622 inventory, CEB624 cancel, CEB626 return receipts
(import) and the CEB900 format-check receipt.

Receipts arrive from the customs client software in many shapes: ``ceb:`` prefixed or default
namespace or no namespace at all, UTF-8 (with or without BOM) or GB2312/GBK as the XML declaration
says, sometimes still wrapped in a ``DxpMsg`` transport envelope. All of them parse to the same
frozen ``Receipt`` records; anything else raises ``ReceiptParseError`` with the reason.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Final

from lxml import etree

from storefront.customs.messages.exceptions import ReceiptParseError
from storefront.customs.messages.message_xml import CEB_NAMESPACE, message_type_of, parse_message
from storefront.customs.messages.wire_format import parse_return_time

DXP_NAMESPACE: Final = "http://www.chinaport.gov.cn/dxp"
# Receipt message type -> the element carrying one receipt (a message holds 1..100 of them).
RECEIPT_ENTRIES: Final = MappingProxyType(
    {
        "CEB304Message": "OrderReturn",
        "CEB604Message": "InventoryReturn",
        "CEB606Message": "InvtCancelReturn",
        "CEB702Message": "SummaryReturn",
        "CEB792Message": "SummaryResult",
        "CEB900Message": "MessageReturn",
        "CEB312Message": "OrderReturn",
        "CEB622Message": "InventoryReturn",
        "CEB624Message": "InvtCancelReturn",
        "CEB626Message": "InvtRefundReturn",
    }
)
# CEB792 (汇总结果单) has no returnStatus: it is customs' result, not a receipt of ours. Its
# receipts carry this status so that the timeline can list it; what it means is ``dec_state``,
# whose values customs sets (XSD: "具体返回值由海关确定") and which is kept verbatim.
SUMMARY_RESULT: Final = "CEB792Message"
SUMMARY_RESULT_STATUS: Final = 0
_OPTIONAL_FIELDS: Final = MappingProxyType(
    {
        "orderNo": "order_no",
        "copNo": "cop_no",
        "preNo": "pre_no",
        "invtNo": "invt_no",
        "sumNo": "sum_no",
        "ebpCode": "ebp_code",
        "ebcCode": "ebc_code",
        "agentCode": "agent_code",
        "oriCopMsgId": "original_message_id",
        "oriMessageType": "original_message_type",
    }
)
_DECLARED_ENCODING: Final = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
_CHINESE_ENCODINGS: Final = frozenset({"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn"})


@dataclass(frozen=True, slots=True)
class Receipt:
    """One receipt entry; which references it carries depends on the message type.

    CEB304: order_no (with ebp_code, ebc_code). CEB604: cop_no, pre_no, invt_no, order_no.
    CEB606: cop_no, pre_no, invt_no. CEB702: cop_no, pre_no, sum_no. CEB900 (format check):
    original_message_type and original_message_id. Match receipts to declarations by these
    business keys: the XSD says the e-port generates the receipt ``guid`` (some samples echo
    the declaration GUID instead), so it is not a reliable link.
    """

    message_type: str  # e.g. "CEB604Message"
    message_guid: str | None  # guid attribute of the receipt message
    guid: str  # guid of the receipt entry
    return_status: int  # see codes.describe_return_status
    return_time: datetime  # timezone-aware, UTC
    return_info: str
    order_no: str | None = None
    cop_no: str | None = None
    pre_no: str | None = None
    invt_no: str | None = None
    sum_no: str | None = None
    ebp_code: str | None = None
    ebc_code: str | None = None
    agent_code: str | None = None
    original_message_id: str | None = None
    original_message_type: str | None = None
    decl_seq_no: str | None = None  # CEB792: 汇总统一编号
    entry_id: str | None = None  # CEB792: the export declaration number (报关单编号)
    dec_state: str | None = None  # CEB792: the declaration's state, verbatim
    inventory_nos: tuple[str, ...] = ()  # CEB792: the lists the declaration covers


def parse_receipts(data: bytes) -> tuple[Receipt, ...]:
    """Every receipt entry in one receipt file, in document order."""
    root = _parse(data)
    namespace = etree.QName(root).namespace
    if namespace == DXP_NAMESPACE and message_type_of(root) == "DxpMsg":
        root = _parse(_unwrap_dxp(root))
        namespace = etree.QName(root).namespace
    message_type = message_type_of(root)
    if namespace not in (CEB_NAMESPACE, None):
        raise ReceiptParseError(f"root element {message_type} is in namespace {namespace!r}")
    entry_name = RECEIPT_ENTRIES.get(message_type)
    if entry_name is None:
        raise ReceiptParseError(f"{message_type} is not a receipt message")
    entries = [child for child in root if _local_name(child) == entry_name]
    if not entries:
        raise ReceiptParseError(f"{message_type} holds no {entry_name}")
    message_guid = (root.get("guid") or "").strip() or None
    if message_type == SUMMARY_RESULT:
        return tuple(_summary_result(message_guid, entry) for entry in entries)
    return tuple(_receipt(message_type, message_guid, entry) for entry in entries)


def _summary_result(message_guid: str | None, entry: etree._Element) -> Receipt:
    head = next((child for child in entry if _local_name(child) == "SummaryResultHead"), None)
    if head is None:
        raise ReceiptParseError("CEB792Message SummaryResult lacks its SummaryResultHead")
    values = {
        _local_name(child): (child.text or "").strip()
        for child in head
        if _local_name(child) is not None
    }
    for required in ("guid", "sumNo", "opDate", "declSeqNo", "decState"):
        if not values.get(required):
            raise ReceiptParseError(f"CEB792Message head lacks {required}")
    try:
        op_date = parse_return_time(values["opDate"])
    except ValueError as error:
        raise ReceiptParseError(str(error)) from None
    invt_nos = tuple(
        dict.fromkeys(
            (grandchild.text or "").strip()
            for child in entry
            if _local_name(child) == "SummaryResultList"
            for grandchild in child
            if _local_name(grandchild) == "invtNo" and (grandchild.text or "").strip()
        )
    )
    entry_id = values.get("entryId") or None
    info = f"汇总结果: 报关单状态 {values['decState']}" + (
        f", 报关单号 {entry_id}" if entry_id else ""
    )
    return Receipt(
        message_type=SUMMARY_RESULT,
        message_guid=message_guid,
        guid=values["guid"],
        return_status=SUMMARY_RESULT_STATUS,
        return_time=op_date,
        return_info=info,
        sum_no=values["sumNo"],
        ebc_code=values.get("ebcCode") or None,
        agent_code=values.get("agentCode") or None,
        decl_seq_no=values["declSeqNo"],
        entry_id=entry_id,
        dec_state=values["decState"],
        inventory_nos=invt_nos,
    )


def _parse(data: bytes) -> etree._Element:
    if not isinstance(data, bytes | bytearray):
        raise ReceiptParseError(f"expected bytes, got {type(data).__name__}")
    if not data.strip():
        raise ReceiptParseError("empty input")
    try:
        root = parse_message(_as_utf8_if_chinese_encoding(bytes(data)))
    except etree.XMLSyntaxError as error:
        raise ReceiptParseError(f"malformed XML: {error}") from error
    if root.getroottree().docinfo.doctype:
        raise ReceiptParseError("a document type declaration (DTD) is not accepted")
    return root


def _as_utf8_if_chinese_encoding(data: bytes) -> bytes:
    """Re-encode GB2312/GBK/GB18030 input as UTF-8.

    Files labelled gb2312 often contain GBK-only characters, which libxml2 rejects; GB18030 is a
    superset of both, so decoding with it accepts what the sender really wrote.
    """
    declared = _DECLARED_ENCODING.match(data)
    if declared is None or declared.group(1).decode("ascii").lower() not in _CHINESE_ENCODINGS:
        return data
    start, end = declared.span(1)
    try:
        body = data[end:].decode("gb18030")
    except UnicodeDecodeError as error:
        raise ReceiptParseError(f"bytes do not match the declared encoding: {error}") from error
    return data[:start] + b"UTF-8" + body.encode("utf-8")


def _unwrap_dxp(envelope: etree._Element) -> bytes:
    payload = next((child for child in envelope if _local_name(child) == "Data"), None)
    if payload is None or not (payload.text or "").strip():
        raise ReceiptParseError("DxpMsg envelope without Data")
    try:
        return base64.b64decode("".join(payload.text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ReceiptParseError(f"DxpMsg Data is not base64: {error}") from error


def _local_name(element: etree._Element) -> str | None:
    return etree.QName(element).localname if isinstance(element.tag, str) else None


def _receipt(message_type: str, message_guid: str | None, entry: etree._Element) -> Receipt:
    values: dict[str, str] = {}
    for child in entry:
        name = _local_name(child)
        if name is not None:
            values[name] = (child.text or "").strip()
    for required in ("guid", "returnStatus", "returnTime", "returnInfo"):
        if required not in values:
            raise ReceiptParseError(f"{message_type} entry lacks {required}")
    try:
        status = int(values["returnStatus"])
    except ValueError:
        raise ReceiptParseError(
            f"returnStatus is not a number: {values['returnStatus']!r}"
        ) from None
    try:
        returned_at = parse_return_time(values["returnTime"])
    except ValueError as error:
        raise ReceiptParseError(str(error)) from None
    optional = {
        field: values[element] or None
        for element, field in _OPTIONAL_FIELDS.items()
        if element in values
    }
    return Receipt(
        message_type=message_type,
        message_guid=message_guid,
        guid=values["guid"],
        return_status=status,
        return_time=returned_at,
        return_info=values["returnInfo"],
        **optional,
    )
