"""The channel table: which messages the 9610 export and 1210 bonded-import channels need, and
what derives from it."""

from __future__ import annotations

import pytest

from storefront.customs.messages.channels import (
    CHANNELS,
    DECLARED_ON_PAYMENT,
    INVENTORY_MESSAGES,
    ORDER_MESSAGES,
    RECEIPT_MATCHES,
    RETURN_MESSAGES,
    Channel,
    MessageRole,
    MessageType,
    channel_of,
    message_type_of_root,
    role_of,
)

EXPORT = CHANNELS[Channel.EXPORT_9610]
BONDED = CHANNELS[Channel.BONDED_IMPORT_1210]


def test_the_export_row_names_ceb303_ceb603_ceb605_and_ceb701():
    assert EXPORT.order.value == "CEB303"
    assert EXPORT.inventory.value == "CEB603"
    assert EXPORT.cancel.value == "CEB605"
    assert EXPORT.summary is not None and EXPORT.summary.value == "CEB701"
    assert EXPORT.declared_on_payment == (MessageType.EXPORT_ORDER, MessageType.INVENTORY)


def test_each_export_message_is_answered_by_its_receipt():
    assert dict(EXPORT.receipts) == {
        "CEB304Message": MessageType.EXPORT_ORDER,
        "CEB604Message": MessageType.INVENTORY,
        "CEB606Message": MessageType.INVENTORY_CANCEL,
        "CEB702Message": MessageType.SUMMARY,
    }
    assert EXPORT.receipt_of(MessageType.INVENTORY) == "CEB604Message"


def test_the_builders_of_the_row_build_the_messages_it_names():
    assert EXPORT.build_order.__name__ == "build_export_order"
    assert EXPORT.build_inventory.__name__ == "build_inventory"
    assert EXPORT.build_cancel.__name__ == "build_inventory_cancel"
    assert EXPORT.build_summary is not None and EXPORT.build_summary.__name__ == "build_summary"


def test_the_bonded_row_names_ceb311_ceb621_ceb623_and_ceb625_and_their_receipts():
    assert BONDED.declared_on_payment == (MessageType.IMPORT_ORDER, MessageType.IMPORT_INVENTORY)
    assert (BONDED.cancel, BONDED.return_, BONDED.summary) == (
        MessageType.IMPORT_CANCEL,
        MessageType.IMPORT_RETURN,
        None,
    )
    assert dict(BONDED.receipts) == {
        "CEB312Message": MessageType.IMPORT_ORDER,
        "CEB622Message": MessageType.IMPORT_INVENTORY,
        "CEB624Message": MessageType.IMPORT_CANCEL,
        "CEB626Message": MessageType.IMPORT_RETURN,
    }
    assert BONDED.build_order.__name__ == "build_import_order"
    assert BONDED.build_inventory.__name__ == "build_import_inventory"
    assert BONDED.build_cancel.__name__ == "build_import_cancel"
    assert BONDED.build_return is not None
    assert BONDED.build_return.__name__ == "build_import_return"


def test_every_message_type_belongs_to_exactly_one_channel_role():
    for kind in MessageType:
        owners = [spec for spec in CHANNELS.values() if kind in spec.roles]
        assert owners == [channel_of(kind)]
    for kind in (MessageType.EXPORT_ORDER, MessageType.INVENTORY, MessageType.SUMMARY):
        assert channel_of(kind) is EXPORT
    for kind in (MessageType.IMPORT_ORDER, MessageType.IMPORT_CANCEL, MessageType.IMPORT_RETURN):
        assert channel_of(kind) is BONDED
    assert role_of(MessageType.IMPORT_RETURN) is MessageRole.RETURN
    assert role_of(MessageType.EXPORT_ORDER) is MessageRole.ORDER
    assert role_of(MessageType.INVENTORY) is MessageRole.INVENTORY
    assert role_of(MessageType.INVENTORY_CANCEL) is MessageRole.CANCEL
    assert role_of(MessageType.SUMMARY) is MessageRole.SUMMARY


def test_the_derived_lookups_follow_the_table():
    assert RECEIPT_MATCHES["CEB604Message"] is MessageType.INVENTORY
    assert RECEIPT_MATCHES["CEB622Message"] is MessageType.IMPORT_INVENTORY
    assert {MessageType.EXPORT_ORDER, MessageType.IMPORT_ORDER} == ORDER_MESSAGES
    assert {MessageType.INVENTORY, MessageType.IMPORT_INVENTORY} == INVENTORY_MESSAGES
    assert {
        MessageType.EXPORT_ORDER,
        MessageType.INVENTORY,
        MessageType.IMPORT_ORDER,
        MessageType.IMPORT_INVENTORY,
    } == DECLARED_ON_PAYMENT
    assert {MessageType.IMPORT_RETURN} == RETURN_MESSAGES
    assert message_type_of_root("CEB603Message") is MessageType.INVENTORY
    assert message_type_of_root("CEB621Message") is MessageType.IMPORT_INVENTORY
    assert message_type_of_root("CEB411Message") is None  # the payment company sends it


def test_a_receipt_for_a_message_the_channel_does_not_send_is_refused():
    with pytest.raises(LookupError):
        type(EXPORT)(
            channel=Channel.EXPORT_9610,
            order=EXPORT.order,
            inventory=EXPORT.inventory,
            cancel=EXPORT.cancel,
            summary=None,
            receipts={},
            build_order=EXPORT.build_order,
            build_inventory=EXPORT.build_inventory,
            build_cancel=EXPORT.build_cancel,
            build_summary=None,
        ).receipt_of(MessageType.INVENTORY)
