"""Receipt messages as customs writes them, for the simulator and tests: to the platform
(CEB304/604/606/702/792/900) and to the carrier side (CEB506/508/510).

Element order and required fields follow ceb-export-202205.xsd (every receipt the simulator
writes validates against it, tested); the default namespace is used (as many real
receipts do), and ``encoding`` may be "GBK" to reproduce receipts written by Chinese clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from lxml import etree

from storefront.customs.messages.message_xml import CEB_NAMESPACE
from storefront.customs.messages.wire_format import CHINA_TIME, new_guid

ENTRY_FIELDS: Final = {
    "CEB304Message": ("OrderReturn", ("guid", "ebpCode", "ebcCode", "orderNo")),
    "CEB604Message": (
        "InventoryReturn",
        (
            "guid",
            "agentCode",
            "copNo",
            "preNo",
            "invtNo",
            "ebcCode",
            "ebpCode",
            "orderNo",
            "statisticsFlag",
        ),
    ),
    "CEB606Message": ("InvtCancelReturn", ("guid", "agentCode", "copNo", "preNo", "invtNo")),
    "CEB702Message": (
        "SummaryReturn",
        ("guid", "agentCode", "ebcCode", "copNo", "preNo", "sumNo", "msgSeqNo"),
    ),
    # to the carrier side: waybill, arrival (运抵), departure (离境)
    "CEB506Message": ("LogisticsReturn", ("guid", "logisticsCode", "logisticsNo")),
    "CEB508Message": (
        "ArrivalReturn",
        ("guid", "operatorCode", "logisticsCode", "preNo", "copNo", "billNo", "msgSeqNo"),
    ),
    "CEB510Message": ("DepartureReturn", ("guid", "logisticsCode", "copNo", "preNo", "msgSeqNo")),
}


@dataclass(frozen=True, slots=True)
class ReceiptEntry:
    message_type: str  # "CEB604Message"
    return_status: int
    return_info: str
    return_time: datetime
    fields: tuple[tuple[str, str], ...] = ()  # business keys: ("copNo", "..."), ...


def format_return_time(moment: datetime) -> str:
    local = moment.astimezone(CHINA_TIME)
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}"


SUMMARY_RESULT_HEAD: Final = (
    "guid",
    "customsCode",
    "sumNo",
    "opDate",
    "declSeqNo",
    "entryId",
    "decState",
    "agentCode",
    "agentName",
    "ebcCode",
    "ebcName",
    "declAgentCode",
    "declAgentName",
    "grossWeight",
    "netWeight",
    "msgCount",
    "msgSeqNo",
)
SUMMARY_RESULT_LINE: Final = ("invtNo", "logisticsNo", "gseqno", "gnum", "gcode")


def build_summary_result(entry: ReceiptEntry, *, encoding: str = "UTF-8") -> bytes:
    """CEB792: customs' summary result. ``fields`` holds the head values, then one
    ``("line", "invtNo|logisticsNo|gseqno|gnum|gcode")`` pair per list line."""
    values = {name: value for name, value in entry.fields if name != "line"}
    values.setdefault("guid", new_guid())
    values["opDate"] = format_return_time(entry.return_time)
    root = etree.Element(
        f"{{{CEB_NAMESPACE}}}CEB792Message",
        nsmap={None: CEB_NAMESPACE},
        guid=new_guid(),
        version="1.0",
    )
    result = etree.SubElement(root, f"{{{CEB_NAMESPACE}}}SummaryResult")
    head = etree.SubElement(result, f"{{{CEB_NAMESPACE}}}SummaryResultHead")
    for name in SUMMARY_RESULT_HEAD:
        if values.get(name):
            etree.SubElement(head, f"{{{CEB_NAMESPACE}}}{name}").text = values[name]
    for name, value in entry.fields:
        if name != "line":
            continue
        line = etree.SubElement(result, f"{{{CEB_NAMESPACE}}}SummaryResultList")
        for part_name, part in zip(SUMMARY_RESULT_LINE, value.split("|"), strict=True):
            etree.SubElement(line, f"{{{CEB_NAMESPACE}}}{part_name}").text = part
    return etree.tostring(root, xml_declaration=True, encoding=encoding)


def build_receipt(entry: ReceiptEntry, *, encoding: str = "UTF-8") -> bytes:
    if entry.message_type == "CEB792Message":
        return build_summary_result(entry, encoding=encoding)
    values = dict(entry.fields)
    root = etree.Element(
        f"{{{CEB_NAMESPACE}}}{entry.message_type}",
        nsmap={None: CEB_NAMESPACE},
        guid=new_guid(),
        version="1.0",
    )
    if entry.message_type == "CEB900Message":
        item = etree.SubElement(root, f"{{{CEB_NAMESPACE}}}MessageReturn")
        names: tuple[str, ...] = ("guid", "returnStatus", "returnInfo", "returnTime")
        values.setdefault("guid", new_guid())
        tail = ("oriCopMsgId", "oriMessageType", "oriBizMessage")
        values.setdefault("oriBizMessage", "")  # required by the XSD (the original content)
    else:
        entry_name, head = ENTRY_FIELDS[entry.message_type]
        item = etree.SubElement(root, f"{{{CEB_NAMESPACE}}}{entry_name}")
        values.setdefault("guid", new_guid())
        names = (*head, "returnStatus", "returnTime", "returnInfo")
        tail = ()
    values["returnStatus"] = str(entry.return_status)
    values["returnTime"] = format_return_time(entry.return_time)
    values["returnInfo"] = entry.return_info
    for name in (*names, *tail):
        if name in values:  # an empty required element (oriBizMessage) is still written
            etree.SubElement(item, f"{{{CEB_NAMESPACE}}}{name}").text = values[name]
    return etree.tostring(root, xml_declaration=True, encoding=encoding)
