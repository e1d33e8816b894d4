"""The project's own declaration checks: each kind of bad data is found and named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from storefront.customs.messages.checks import (
    DeclarationProblem,
    check_export_order,
    check_inventory,
    check_inventory_cancel,
    check_order_matches_inventory,
    check_sender,
    check_summary,
)
from storefront.customs.messages.codes import TradeMode
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    Sender,
    SummaryDocument,
    month_period,
)
from storefront.customs.messages.wire_format import CHINA_TIME


def fields(problems: list[DeclarationProblem]) -> set[str]:
    return {problem.field for problem in problems}


def message_for(problems: list[DeclarationProblem], field: str) -> str:
    return next(problem.message for problem in problems if problem.field == field)


def with_inventory_line(inventory: InventoryDocument, index: int, **changes: object):
    lines = list(inventory.lines)
    lines[index] = replace(lines[index], **changes)
    return replace(inventory, lines=tuple(lines))


def test_fixture_documents_pass(
    order: ExportOrderDocument,
    inventory: InventoryDocument,
    cancel: InventoryCancelDocument,
    summary: SummaryDocument,
    sender: Sender,
) -> None:
    assert check_export_order(order) == []
    assert check_inventory(inventory) == []
    assert check_inventory_cancel(cancel) == []
    assert check_summary(summary) == []
    assert check_sender(sender) == []
    assert check_order_matches_inventory(order, inventory) == []


def test_missing_hs_code(inventory: InventoryDocument) -> None:
    problems = check_inventory(with_inventory_line(inventory, 0, hs_code=""))
    assert fields(problems) == {"lines[0].hs_code"}
    assert message_for(problems, "lines[0].hs_code") == "is required"


@pytest.mark.parametrize("hs_code", ["160239", "16023991000", "1602.39.91", "160239910A"])
def test_hs_code_must_be_ten_digits(inventory: InventoryDocument, hs_code: str) -> None:
    problems = check_inventory(with_inventory_line(inventory, 1, hs_code=hs_code))
    assert fields(problems) == {"lines[1].hs_code"}
    assert "10 digits" in message_for(problems, "lines[1].hs_code")


def test_goods_value_must_equal_sum_of_lines(order: ExportOrderDocument) -> None:
    problems = check_export_order(replace(order, goods_value=Decimal("300.00")))
    assert fields(problems) == {"goods_value"}
    assert message_for(problems, "goods_value") == "is 300.00, but the lines add up to 264.00"


def test_line_total_must_equal_qty_times_price(order: ExportOrderDocument) -> None:
    line = replace(order.lines[0], total_price=Decimal("130.00"))
    problems = check_export_order(
        replace(order, lines=(line, order.lines[1]), goods_value=Decimal("258.00"))
    )
    assert fields(problems) == {"lines[0].total_price"}
    assert message_for(problems, "lines[0].total_price") == "is 130.00, but qty x price is 136.00"


def test_line_total_may_differ_by_rounding_to_the_fen(order: ExportOrderDocument) -> None:
    line = replace(
        order.lines[1], qty=Decimal("3"), price=Decimal("33.33"), total_price=Decimal("100.00")
    )
    document = replace(order, lines=(order.lines[0], line), goods_value=Decimal("236.00"))
    assert check_export_order(document) == []


@pytest.mark.parametrize(
    ("length", "valid"), [(20, True), (21, False)], ids=["at-limit", "over-limit"]
)
def test_inventory_item_no_length(inventory: InventoryDocument, length: int, valid: bool) -> None:
    problems = check_inventory(with_inventory_line(inventory, 0, item_no="X" * length))
    assert (problems == []) is valid
    if not valid:
        assert message_for(problems, "lines[0].item_no") == (
            "is 21 characters long, at most 20 allowed"
        )


def test_order_no_and_names_max_lengths(order: ExportOrderDocument) -> None:
    problems = check_export_order(
        replace(order, order_no="N" * 61, ebc=Enterprise("4310960001", "鸭" * 101))
    )
    assert fields(problems) == {"order_no", "ebc.name"}


def test_float_money_is_refused(order: ExportOrderDocument) -> None:
    problems = check_export_order(replace(order, freight=45.0))  # type: ignore[arg-type]
    assert message_for(problems, "freight") == "must be a Decimal, never a float"


def test_more_than_five_decimals_is_refused(order: ExportOrderDocument) -> None:
    problems = check_export_order(replace(order, freight=Decimal("45.000001")))
    assert fields(problems) == {"freight"}
    assert "more than 5 decimal places" in message_for(problems, "freight")


def test_negative_and_zero_amounts(inventory: InventoryDocument) -> None:
    problems = check_inventory(replace(inventory, freight=Decimal("-1"), gross_weight=Decimal("0")))
    assert message_for(problems, "freight") == "must not be negative"
    assert message_for(problems, "gross_weight") == "must be greater than zero"


def test_amount_too_large_for_n19_5(order: ExportOrderDocument) -> None:
    problems = check_export_order(replace(order, freight=Decimal("1E+14")))
    assert "too large" in message_for(problems, "freight")


def test_unknown_codes_are_named(inventory: InventoryDocument) -> None:
    document = replace(inventory, arrival_country="XK", currency="AED")
    document = with_inventory_line(document, 1, unit="tin", legal_unit="")
    problems = check_inventory(document)
    assert fields(problems) == {
        "arrival_country",
        "currency",
        "lines[1].unit",
        "lines[1].legal_unit",
    }
    assert message_for(problems, "arrival_country") == "is not a known country: 'XK'"
    assert message_for(problems, "lines[1].legal_unit") == "is required"


def test_gnum_must_run_from_one(order: ExportOrderDocument) -> None:
    lines = (order.lines[0], replace(order.lines[1], gnum=3))
    problems = check_export_order(replace(order, lines=lines))
    assert message_for(problems, "lines") == "gnum must run 1, 2, 3... in order, got [1, 3]"


def test_line_count_limits(order: ExportOrderDocument) -> None:
    assert message_for(check_export_order(replace(order, lines=())), "lines") == (
        "at least one line is required"
    )
    line = order.lines[1]
    many = tuple(replace(line, gnum=number) for number in range(1, 102))
    problems = check_export_order(replace(order, lines=many, goods_value=Decimal("12928.00")))
    assert fields(problems) == {"lines"}
    assert "at most 100" in message_for(problems, "lines")


def test_net_weight_cannot_exceed_gross(inventory: InventoryDocument) -> None:
    problems = check_inventory(replace(inventory, net_weight=Decimal("2.00")))
    assert fields(problems) == {"net_weight"}


def test_guid_must_be_upper_case(order: ExportOrderDocument) -> None:
    problems = check_export_order(replace(order, guid=order.guid.lower()))
    assert fields(problems) == {"guid"}


def test_codes_of_customs_offices_and_package_type(inventory: InventoryDocument) -> None:
    problems = check_inventory(
        replace(inventory, customs_code="490", port_code="49OO", wrap_type="22", pack_count=0)
    )
    assert fields(problems) == {"customs_code", "port_code", "wrap_type", "pack_count"}


def test_optional_numbers_keep_their_exact_lengths(inventory: InventoryDocument) -> None:
    problems = check_inventory(
        replace(inventory, pre_no="B2026", invt_no="4" * 21, logistics_no="L" * 33)
    )
    assert fields(problems) == {"pre_no", "invt_no", "logistics_no"}


def test_special_zone_export_needs_zone_data(inventory: InventoryDocument) -> None:
    problems = check_inventory(replace(inventory, trade_mode=TradeMode.BONDED_ZONE))
    assert fields(problems) == {
        "iac",
        "ems_no",
        "lines[0].item_record_no",
        "lines[1].item_record_no",
    }


def test_second_quantity_needs_its_unit(inventory: InventoryDocument) -> None:
    problems = check_inventory(with_inventory_line(inventory, 0, second_qty=Decimal("2")))
    assert message_for(problems, "lines[0].second_qty") == (
        "second_qty and second_unit go together"
    )


def test_control_characters_are_refused(order: ExportOrderDocument) -> None:
    line = replace(order.lines[0], item_name="临武\x07卤鸭")
    problems = check_export_order(replace(order, lines=(line, order.lines[1])))
    assert message_for(problems, "lines[0].item_name") == (
        "contains control characters XML cannot carry"
    )


def test_cancel_needs_invt_no_and_reason(cancel: InventoryCancelDocument) -> None:
    problems = check_inventory_cancel(replace(cancel, invt_no="", reason=" "))
    assert fields(problems) == {"invt_no", "reason"}


def test_summary_needs_lists_or_period(summary: SummaryDocument) -> None:
    problems = check_summary(replace(summary, inventory_nos=()))
    assert fields(problems) == {"inventory_nos"}
    start, end = month_period(2026, 2)
    assert (
        check_summary(replace(summary, inventory_nos=(), period_start=start, period_end=end)) == []
    )


def test_summary_period_rules(summary: SummaryDocument) -> None:
    start, end = month_period(2026, 2)
    assert fields(check_summary(replace(summary, period_start=start))) == {"period_start"}
    assert fields(check_summary(replace(summary, period_start=end, period_end=start))) == {
        "period_end"
    }
    naive = datetime(2026, 2, 1)  # noqa: DTZ001
    assert fields(check_summary(replace(summary, period_start=naive, period_end=end))) == {
        "period_start"
    }


def test_summary_message_sequence(summary: SummaryDocument) -> None:
    problems = check_summary(replace(summary, msg_count=2, msg_seq_no=3))
    assert message_for(problems, "msg_seq_no") == "3 exceeds msg_count 2"
    assert "msg_count" in fields(check_summary(replace(summary, msg_count=0)))


def test_month_period_is_whole_china_month() -> None:
    start, end = month_period(2026, 2)
    assert start == datetime(2026, 2, 1, 0, 0, 0, tzinfo=CHINA_TIME)
    assert end == datetime(2026, 2, 28, 23, 59, 59, tzinfo=CHINA_TIME)
    assert start.astimezone(UTC) == datetime(2026, 1, 31, 16, 0, 0, tzinfo=UTC)


def test_sender_limits() -> None:
    problems = check_sender(Sender("4310960002" * 2, "", "D" * 31))
    assert fields(problems) == {"sender.cop_code", "sender.cop_name", "sender.dxp_id"}


def test_order_and_inventory_must_agree(
    order: ExportOrderDocument, inventory: InventoryDocument
) -> None:
    other = with_inventory_line(inventory, 1, total_price=Decimal("120.00"), price=Decimal("120"))
    other = replace(other, order_no="CZX-OTHER", lines=other.lines[:1] + (other.lines[1],))
    problems = check_order_matches_inventory(order, other)
    assert fields(problems) == {"inventory.order_no", "inventory.lines[gnum=2].total_price"}
    fewer = replace(inventory, lines=inventory.lines[:1])
    assert fields(check_order_matches_inventory(order, fewer)) == {"inventory.lines"}


def test_enumerated_codes_accept_plain_strings_but_not_unknown_ones(
    inventory: InventoryDocument,
) -> None:
    assert check_inventory(replace(inventory, transport_mode="6", trade_mode="9610")) == []
    problems = check_inventory(replace(inventory, transport_mode="A", statistics_flag="C"))
    assert fields(problems) == {"transport_mode", "statistics_flag"}
    assert message_for(problems, "statistics_flag") == "must be one of A, B, got 'C'"
