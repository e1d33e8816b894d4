"""Which messages each customs channel needs: ONE table, read by the outbox, the receiver and the
simulator.

A channel (9610 export, 1210 bonded import) is a set of message roles: the order and the
inventory list declared when an order is paid, the message that cancels a numbered list, the
return of released goods (import), the periodic summary (export), and the receipt that answers
each of them. Code that handles messages asks this table which message plays which role
instead of naming CEB303/CEB603 or CEB311/CEB621.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from storefront.customs.messages.builders import (
    build_export_order,
    build_inventory,
    build_inventory_cancel,
    build_summary,
)
from storefront.customs.messages.import_builders import (
    build_import_cancel,
    build_import_inventory,
    build_import_order,
    build_import_return,
)


class Channel(StrEnum):
    EXPORT_9610 = "9610"  # cross-border e-commerce B2C export, parcels
    BONDED_IMPORT_1210 = "1210"  # online bonded import, collected at the zone's showroom


class MessageType(StrEnum):
    """The messages the shop sends to customs (the value is stored with each declaration)."""

    EXPORT_ORDER = "CEB303"  # electronic order
    INVENTORY = "CEB603"  # inventory list (清单)
    INVENTORY_CANCEL = "CEB605"  # cancel a numbered inventory list
    SUMMARY = "CEB701"  # monthly summary application
    IMPORT_ORDER = "CEB311"  # import electronic order (with the orderer, taxTotal, acturalPaid)
    IMPORT_INVENTORY = "CEB621"  # import inventory list (tradeMode 1210)
    IMPORT_CANCEL = "CEB623"  # withdraw an import list before release (撤单)
    IMPORT_RETURN = "CEB625"  # return released goods (退货)

    @property
    def root_element(self) -> str:
        """The message's root element, e.g. ``CEB303Message`` (also its receipts' naming)."""
        return f"{self.value}Message"


class MessageRole(StrEnum):
    ORDER = "order"  # declared when the order is paid; its receipt is matched by orderNo
    INVENTORY = "inventory"  # declared when the order is paid; releases the parcel (800)
    CANCEL = "cancel"  # withdraws a numbered inventory list
    SUMMARY = "summary"  # names the released lists of a period
    RETURN = "return"  # brings released goods back (import); approved -> the list is returned


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    channel: Channel
    order: MessageType
    inventory: MessageType
    cancel: MessageType
    summary: MessageType | None
    receipts: Mapping[str, MessageType]  # receipt root element -> the message it answers
    build_order: Callable[..., bytes]
    build_inventory: Callable[..., bytes]
    build_cancel: Callable[..., bytes]
    build_summary: Callable[..., bytes] | None
    return_: MessageType | None = None
    build_return: Callable[..., bytes] | None = None

    @property
    def declared_on_payment(self) -> tuple[MessageType, MessageType]:
        """What a paid order's parcel is declared with, in this order."""
        return (self.order, self.inventory)

    @property
    def roles(self) -> Mapping[MessageType, MessageRole]:
        roles = {
            self.order: MessageRole.ORDER,
            self.inventory: MessageRole.INVENTORY,
            self.cancel: MessageRole.CANCEL,
        }
        if self.summary is not None:
            roles[self.summary] = MessageRole.SUMMARY
        if self.return_ is not None:
            roles[self.return_] = MessageRole.RETURN
        return roles

    def receipt_of(self, message_type: MessageType) -> str:
        """The receipt root element that answers ``message_type`` (``CEB304Message``...)."""
        for receipt, answered in self.receipts.items():
            if answered is message_type:
                return receipt
        raise LookupError(f"{self.channel}: no receipt answers {message_type}")


CHANNELS: Final[Mapping[Channel, ChannelSpec]] = MappingProxyType(
    {
        Channel.EXPORT_9610: ChannelSpec(
            channel=Channel.EXPORT_9610,
            order=MessageType.EXPORT_ORDER,
            inventory=MessageType.INVENTORY,
            cancel=MessageType.INVENTORY_CANCEL,
            summary=MessageType.SUMMARY,
            receipts=MappingProxyType(
                {
                    "CEB304Message": MessageType.EXPORT_ORDER,
                    "CEB604Message": MessageType.INVENTORY,
                    "CEB606Message": MessageType.INVENTORY_CANCEL,
                    "CEB702Message": MessageType.SUMMARY,
                }
            ),
            build_order=build_export_order,
            build_inventory=build_inventory,
            build_cancel=build_inventory_cancel,
            build_summary=build_summary,
        ),
        Channel.BONDED_IMPORT_1210: ChannelSpec(
            channel=Channel.BONDED_IMPORT_1210,
            order=MessageType.IMPORT_ORDER,
            inventory=MessageType.IMPORT_INVENTORY,
            cancel=MessageType.IMPORT_CANCEL,
            summary=None,  # import lists are not summarised
            receipts=MappingProxyType(
                {
                    "CEB312Message": MessageType.IMPORT_ORDER,
                    "CEB622Message": MessageType.IMPORT_INVENTORY,
                    "CEB624Message": MessageType.IMPORT_CANCEL,
                    "CEB626Message": MessageType.IMPORT_RETURN,
                }
            ),
            build_order=build_import_order,
            build_inventory=build_import_inventory,
            build_cancel=build_import_cancel,
            build_summary=None,
            return_=MessageType.IMPORT_RETURN,
            build_return=build_import_return,
        ),
    }
)

# Derived look-ups, so callers never walk the table themselves.
FORMAT_CHECK_RECEIPT: Final = "CEB900Message"  # the e-port's answer to any unreadable message
RECEIPT_MATCHES: Final[Mapping[str, MessageType]] = MappingProxyType(
    {receipt: answered for spec in CHANNELS.values() for receipt, answered in spec.receipts.items()}
)
ORDER_MESSAGES: Final = frozenset(spec.order for spec in CHANNELS.values())
INVENTORY_MESSAGES: Final = frozenset(spec.inventory for spec in CHANNELS.values())
CANCEL_MESSAGES: Final = frozenset(spec.cancel for spec in CHANNELS.values())
SUMMARY_MESSAGES: Final = frozenset(
    spec.summary for spec in CHANNELS.values() if spec.summary is not None
)
RETURN_MESSAGES: Final = frozenset(
    spec.return_ for spec in CHANNELS.values() if spec.return_ is not None
)
DECLARED_ON_PAYMENT: Final = frozenset(
    kind for spec in CHANNELS.values() for kind in spec.declared_on_payment
)
_SPEC_OF: Final = MappingProxyType(
    {kind: spec for spec in CHANNELS.values() for kind in spec.roles}
)


def channel_of(message_type: MessageType) -> ChannelSpec:
    """The channel a message type belongs to."""
    return _SPEC_OF[message_type]


def role_of(message_type: MessageType) -> MessageRole:
    return _SPEC_OF[message_type].roles[message_type]


def message_type_of_root(root_element: str) -> MessageType | None:
    """``CEB303Message`` -> ``MessageType.EXPORT_ORDER``; None for anything we do not send."""
    for kind in _SPEC_OF:
        if kind.root_element == root_element:
            return kind
    return None
