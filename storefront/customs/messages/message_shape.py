"""The one shape every declaration message (CEBnnnMessage) has, shared by all the builders.

A declaration message is: the root ``<ceb:CEBnnnMessage guid=... version="1.0">``, one business
entry (``Order``, ``Inventory``, ``InvtCancel``, ``SummaryApply``, ``Logistics``, ``Arrival``,
``Departure``...) holding either its fields directly or a head element plus list rows, then
``BaseTransfer`` naming who transmits. Each field is written in the order of the XSD sequence; an
optional field without a value is left out. A builder describes only its entry (``Entry``) and
hands its checks' problems to ``compose_message``, which refuses the whole message when there is
any (``DeclarationRejected``, every problem listed) and otherwise writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Final, NamedTuple, TypedDict

from lxml import etree

from storefront.customs.messages.checks import DeclarationProblem, check_choice, check_sender
from storefront.customs.messages.codes import AppStatus, AppType
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.exceptions import DeclarationRejected
from storefront.customs.messages.message_xml import CEB_NAMESPACE, ceb_tag, serialize_message
from storefront.customs.messages.wire_format import format_app_time, is_guid, new_guid

MESSAGE_VERSION: Final = "1.0"
DXP_MODE: Final = "DXP"

Fields = Iterable[tuple[str, str | None]]


class Submission(NamedTuple):
    """How a message is submitted: its GUID, time, type (new/change) and status (declare)."""

    message_guid: str
    app_time: datetime
    app_type: AppType
    app_status: AppStatus


class SubmissionOptions(TypedDict, total=False):
    """The keyword options every builder takes (``**options: Unpack[SubmissionOptions]``)."""

    app_time: datetime
    message_guid: str
    app_type: AppType
    app_status: AppStatus


def new_submission(
    app_time: datetime | None = None,
    message_guid: str | None = None,
    app_type: AppType = AppType.NEW,
    app_status: AppStatus = AppStatus.DECLARE,
) -> Submission:
    """Now and a fresh GUID unless given."""
    return Submission(
        message_guid=new_guid() if message_guid is None else message_guid,
        app_time=datetime.now(UTC) if app_time is None else app_time,
        app_type=app_type,
        app_status=app_status,
    )


class Entry(NamedTuple):
    """One business entry of a message: its fields, or a head and list rows.

    ``head_tag`` None: the fields go directly into the entry element (CEB505 ``Logistics``,
    CEB605 ``InvtCancel``). ``rows``: one ``list_tag`` element per row, after the head.
    """

    tag: str
    fields: Fields
    head_tag: str | None = None
    list_tag: str = ""
    rows: Iterable[Fields] = ()


def declaration_head(guid: str, submission: Submission) -> Fields:
    """The fields every declaration entry starts with: guid, appType, appTime, appStatus."""
    return (
        ("guid", guid),
        ("appType", str(submission.app_type)),
        ("appTime", format_app_time(submission.app_time)),
        ("appStatus", str(submission.app_status)),
    )


def party(prefix: str, enterprise: Enterprise) -> Fields:
    """``<prefix>Code`` and ``<prefix>Name`` of an enterprise (ebp, ebc, agent, logistics...)."""
    return ((f"{prefix}Code", enterprise.code), (f"{prefix}Name", enterprise.name))


def compose_message(
    message_type: str,
    problems: list[DeclarationProblem],
    sender: Sender,
    submission: Submission,
    entry: Callable[[], Entry],
) -> bytes:
    """The unsigned UTF-8 message, or ``DeclarationRejected`` with every problem found.

    ``problems`` are the document's own (from ``checks``); the sender's and the submission's are
    added here. ``entry`` is called only when there are none, so it may rely on checked data
    (code tables, required values).
    """
    _refuse_if_problems(message_type, problems, sender, submission)
    root = etree.Element(
        ceb_tag(message_type),
        {"guid": submission.message_guid, "version": MESSAGE_VERSION},
        nsmap={"ceb": CEB_NAMESPACE},
    )
    body = entry()
    element = etree.SubElement(root, ceb_tag(body.tag))
    head = etree.SubElement(element, ceb_tag(body.head_tag)) if body.head_tag else element
    append_fields(head, body.fields)
    for row in body.rows:
        append_fields(etree.SubElement(element, ceb_tag(body.list_tag)), row)
    append_fields(
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


def append_fields(parent: etree._Element, fields: Fields) -> None:
    """Append one child per field, in order; an optional field without a value is left out."""
    for name, text in fields:
        if text:
            etree.SubElement(parent, ceb_tag(name)).text = text


def _refuse_if_problems(
    message_type: str,
    problems: list[DeclarationProblem],
    sender: Sender,
    submission: Submission,
) -> None:
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
