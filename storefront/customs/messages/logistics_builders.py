"""The logistics side's messages: CEB505 waybill, CEB507 arrival, CEB509 departure.

Customs receives them from the carrier (``BaseTransfer`` = the carrier's own DXP account), never
from the shop: CEB505 declares a waybill (the list's ``logisticsNo``), CEB507 says the parcels
reached the supervision site (运抵; sent by the site operator, for postal parcels the postal
operator itself: ``operatorCode`` 邮路运输用邮政物流企业, ceb-export-202205.xsd), CEB509 says they
left China (离境, with ``leaveTime``). Customs answers each with CEB506/508/510, to the carrier.
The project builds them only for the sandbox carrier, which plays that side towards the
simulator (``exchange/carrier_side.py``). Element order: the XSD sequences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final, Unpack

from storefront.customs.messages.checks import DeclarationProblem
from storefront.customs.messages.codes import TransportMode, customs_currency_code
from storefront.customs.messages.documents import Enterprise, Sender
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
from storefront.customs.messages.wire_format import format_amount, format_app_time, is_guid

EXPORT_IE_FLAG: Final = "E"
_CUSTOMS_OFFICE: Final = re.compile(r"\d{4}")
WAYBILL_LENGTH: Final = 32  # logisticsNo C..32 (2022)
COP_NO_LENGTH: Final = 30


@dataclass(frozen=True, slots=True)
class LogisticsDocument:
    """CEB505: one waybill the carrier allocated."""

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


@dataclass(frozen=True, slots=True)
class ArrivalDocument:
    """CEB507: parcels that reached the export supervision site (运抵)."""

    guid: str
    customs_code: str  # 4-digit customs office of the site
    cop_no: str  # the sender's own number for this arrival, at most 30 characters
    operator: Enterprise  # supervision site operator (postal: the postal operator)
    logistics: Enterprise  # the carrier
    transport_mode: TransportMode
    domestic_transport: str  # the vehicle that brought the parcels (truck plate)
    logistics_nos: Sequence[str]


@dataclass(frozen=True, slots=True)
class DepartureDocument:
    """CEB509: parcels that left China (离境)."""

    guid: str
    customs_code: str
    cop_no: str
    logistics: Enterprise
    transport_mode: TransportMode
    leave_time: datetime  # timezone-aware
    logistics_nos: Sequence[str]


def build_logistics(
    document: LogisticsDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    submission = new_submission(**options)
    return compose_message(
        "CEB505Message",
        _problems(document.guid, None, None, [document.logistics_no]),
        sender,
        submission,
        lambda: Entry(
            "Logistics",
            (
                *declaration_head(document.guid, submission),
                *party("logistics", document.logistics),
                ("logisticsNo", document.logistics_no),
                ("freight", format_amount(document.freight)),
                ("insuredFee", format_amount(document.insured_fee)),
                ("currency", customs_currency_code(document.currency)),
                ("grossWeight", format_amount(document.gross_weight)),
                ("packNo", str(document.pack_count)),
                ("goodsInfo", document.goods_info[:200]),
                *(party("ebc", document.ebc) if document.ebc else ()),
            ),
        ),
    )


def build_arrival(
    document: ArrivalDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    return _parcels_message(
        "CEB507Message",
        "Arrival",
        document,
        sender,
        new_submission(**options),
        lambda: (
            ("customsCode", document.customs_code),
            ("copNo", document.cop_no),
            *party("operator", document.operator),
            ("ieFlag", EXPORT_IE_FLAG),
            ("trafMode", str(document.transport_mode)),
            ("domesticTrafNo", document.domestic_transport),
            *party("logistics", document.logistics),
        ),
    )


def build_departure(
    document: DepartureDocument, sender: Sender, **options: Unpack[SubmissionOptions]
) -> bytes:
    return _parcels_message(
        "CEB509Message",
        "Departure",
        document,
        sender,
        new_submission(**options),
        lambda: (
            ("customsCode", document.customs_code),
            ("copNo", document.cop_no),
            *party("logistics", document.logistics),
            ("trafMode", str(document.transport_mode)),
            ("leaveTime", format_app_time(document.leave_time)),
        ),
    )


def _parcels_message(
    message_type: str,
    tag: str,
    document: ArrivalDocument | DepartureDocument,
    sender: Sender,
    submission: Submission,
    fields: Callable[[], Fields],
) -> bytes:
    """An arrival or departure: head (declaration fields, then ``fields``, one message) and
    one list row per parcel."""
    numbers = document.logistics_nos
    return compose_message(
        message_type,
        _problems(document.guid, document.customs_code, document.cop_no, numbers),
        sender,
        submission,
        lambda: Entry(
            tag,
            (
                *declaration_head(document.guid, submission),
                *fields(),
                ("msgCount", "1"),
                ("msgSeqNo", "1"),
            ),
            head_tag=f"{tag}Head",
            list_tag=f"{tag}List",
            rows=[
                (("gnum", str(gnum)), ("logisticsNo", number))
                for gnum, number in enumerate(numbers, start=1)
            ],
        ),
    )


def _problems(
    guid: str, customs_code: str | None, cop_no: str | None, logistics_nos: Sequence[str]
) -> list[DeclarationProblem]:
    problems = []
    if not is_guid(guid):
        problems.append(DeclarationProblem("guid", "must be a 36-character upper-case GUID"))
    if customs_code is not None and not _CUSTOMS_OFFICE.fullmatch(customs_code):
        problems.append(DeclarationProblem("customs_code", "must be a 4-digit customs code"))
    if cop_no is not None and not 0 < len(cop_no) <= COP_NO_LENGTH:
        problems.append(DeclarationProblem("cop_no", f"must be 1 to {COP_NO_LENGTH} characters"))
    if not logistics_nos:
        problems.append(DeclarationProblem("logistics_nos", "at least one waybill is required"))
    for number in logistics_nos:
        if not 0 < len(number) <= WAYBILL_LENGTH:
            problems.append(
                DeclarationProblem("logistics_no", f"must be 1 to {WAYBILL_LENGTH} characters")
            )
    return problems
