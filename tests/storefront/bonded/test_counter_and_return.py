"""After release: the buyer chooses a slot; the counter finds the order by its code, checks the
ID's last six characters and hands it over once; an order nobody collects is returned (CEB625),
refunded, and its stock and quota come back."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.base import as_utc
from storefront.accounts.models import User, UserRole
from storefront.bonded.cli import expire_once, follow_customs_once
from storefront.bonded.closing import ClosingReason, close_bonded_order
from storefront.bonded.counter import Clerk, hand_over, look_up
from storefront.bonded.slots import SlotFull, SlotNotOffered, choose_slot, offered_slots
from storefront.bonded.stages import pickup_stage
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.exchange.dispatcher import run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.orders.actors import Actor
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.payments.sandbox import SandboxGateway
from storefront.pickup.bonded_orders import PickupStage
from storefront.pickup.counter_log import CounterEvent, CounterOutcome
from storefront.pickup.holds import used_this_year
from storefront.pickup.showrooms import PickupSlot
from tests.i18n import translated
from tests.pickup_ids import SECOND_TOURIST, THIRD_TOURIST, TOURIST


@pytest.fixture
def released(db_session, place, pay, customs_round):
    """A paid order customs released: ready for pickup."""

    def release(items: dict[str, int], id_number: str = TOURIST):
        order = place(items, id_number=id_number)
        pay(order)
        customs_round()
        customs_round()
        follow_customs_once()
        db_session.refresh(order)
        assert pickup_stage(order) is PickupStage.READY
        return order

    return release


@pytest.fixture
def clerk(db_session) -> Clerk:
    staff = db_session.scalars(select(User).where(User.role == UserRole.SHOWROOM_STAFF)).first()
    if staff is None:
        staff = User(email="counter@staff.test", role=UserRole.SHOWROOM_STAFF, full_name="Staff")
        staff.set_password("counter-password-2026")
        db_session.add(staff)
        db_session.commit()
    return Clerk(user_id=staff.id, address="192.0.2.10")


def code_of(order, vault) -> str:
    return vault.unseal(order.bonded.pickup_code_sealed)


def test_the_counter_hands_over_once_after_checking_the_id(
    db_session, released, clerk, vault, mailbox
):
    order = released({"BD-NZ-MILK-3": 1})
    code = code_of(order, vault)
    found = look_up(db_session, f" {code[:4].lower()}-{code[4:]} ", clerk)
    assert found.outcome is CounterOutcome.FOUND and found.order.id == order.id
    wrong = hand_over(db_session, code, "000000", clerk, vault=vault)
    assert wrong.outcome is CounterOutcome.ID_MISMATCH
    assert order.status is OrderStatus.CONFIRMED  # nothing handed over
    right = hand_over(db_session, code, TOURIST[-6:].lower(), clerk, vault=vault)
    db_session.commit()
    assert right.outcome is CounterOutcome.HANDED_OVER
    assert order.status is OrderStatus.COMPLETED
    assert order.fulfilment_status is FulfilmentStatus.DELIVERED
    assert order.bonded.collected_by_user_id == clerk.user_id
    assert pickup_stage(order) is PickupStage.COLLECTED
    again = hand_over(db_session, code, TOURIST[-6:], clerk, vault=vault)
    assert again.outcome is CounterOutcome.ALREADY_COLLECTED  # a reused code hands nothing over
    outcomes = db_session.scalars(
        select(CounterEvent.outcome)
        .where(CounterEvent.staff_user_id == clerk.user_id, CounterEvent.order_id == order.id)
        .order_by(CounterEvent.id)
    ).all()
    assert outcomes == [
        CounterOutcome.FOUND,
        CounterOutcome.ID_MISMATCH,
        CounterOutcome.HANDED_OVER,
        CounterOutcome.ALREADY_COLLECTED,
    ]
    assert [e.to_status for e in order.events if e.machine == "pickup"][-1] == "collected"


def test_unknown_and_unreleased_codes_hand_nothing_over(db_session, place, pay, clerk, vault):
    assert look_up(db_session, "K7QM4XZD9P", clerk).outcome is CounterOutcome.UNKNOWN_CODE
    assert look_up(db_session, "nonsense", clerk).outcome is CounterOutcome.UNKNOWN_CODE
    order = place({"BD-US-VITC-250": 1}, id_number=THIRD_TOURIST)
    pay(order)  # paid, not released: it has no code yet
    assert order.bonded.pickup_code_digest is None
    unknown = db_session.scalars(select(CounterEvent).where(CounterEvent.order_id.is_(None))).all()
    assert {event.outcome for event in unknown} == {CounterOutcome.UNKNOWN_CODE}
    assert all(event.staff_user_id == clerk.user_id for event in unknown)


def test_a_slot_is_chosen_changed_and_a_full_one_refused(db_session, released):
    order = released({"BD-AU-MACA-500": 1})
    slots = offered_slots(db_session, order)
    assert slots, "the window's slots are open"
    bonded = order.bonded
    earliest = as_utc(bonded.ready_at) + timedelta(minutes=bonded.showroom.preparation_minutes)
    assert all(as_utc(slot.starts_at) >= earliest for slot in slots)
    assert all(as_utc(slot.ends_at) <= as_utc(bonded.pickup_deadline) for slot in slots)
    first, second = slots[0], slots[1]
    buyer = Actor("buyer")
    choose_slot(db_session, order, first.id, actor=buyer)
    db_session.refresh(first)
    assert (bonded.slot_id, first.booked) == (first.id, 1)
    choose_slot(db_session, order, second.id, actor=buyer)
    db_session.refresh(first)
    db_session.refresh(second)
    assert (bonded.slot_id, first.booked, second.booked) == (second.id, 0, 1)
    third = slots[2]
    third.booked = third.capacity  # every place taken
    db_session.flush()
    with pytest.raises(SlotFull):
        choose_slot(db_session, order, third.id, actor=buyer)
    assert bonded.slot_id == second.id  # unchanged
    other_showroom_slot = db_session.scalars(
        select(PickupSlot).where(PickupSlot.id.not_in([s.id for s in slots]))
    ).first()
    with pytest.raises(SlotNotOffered):
        choose_slot(db_session, order, other_showroom_slot.id, actor=buyer)


def test_not_collected_in_the_window_it_is_returned_refunded_and_given_back(
    app, db_session, released, goods, vault, customs, customs_round, mailbox
):
    stock_before = goods["BD-DE-PAN-28"].stock
    order = released({"BD-DE-PAN-28": 1}, id_number=SECOND_TOURIST)
    year = order.bonded.quota_year
    key = vault.lookup_hash(SECOND_TOURIST)
    assert used_this_year(db_session, key, year) == Decimal("399.00")
    slot = offered_slots(db_session, order)[0]
    choose_slot(db_session, order, slot.id, actor=Actor("buyer"))
    order.bonded.pickup_deadline = as_utc(order.bonded.pickup_deadline) - timedelta(days=8)
    db_session.commit()
    unpaid, returned = expire_once()
    assert returned == 1
    db_session.refresh(order)
    assert order.status is OrderStatus.CANCELLED
    assert order.payment_status is PaymentStatus.REFUNDED
    assert pickup_stage(order) is PickupStage.RETURNED
    assert order.bonded.closing_reason == "not_collected"
    db_session.refresh(goods["BD-DE-PAN-28"])
    assert goods["BD-DE-PAN-28"].stock == stock_before
    assert used_this_year(db_session, key, year) == 0
    db_session.refresh(slot)
    assert slot.booked == 0 and order.bonded.slot_id is None
    withdrawal = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.order_no == order.number,
            CustomsDeclaration.message_type == "CEB625",
        )
    ).one()
    assert withdrawal.status is DeclarationStatus.PENDING
    customs_round()
    customs_round()
    db_session.refresh(withdrawal)
    inventory = withdrawal.related
    assert withdrawal.status is DeclarationStatus.RELEASED  # return approved (800)
    assert inventory.status is DeclarationStatus.RETURNED
    closed = [m for m in mailbox if order.number in m["Subject"]][-1]  # after "ready"
    reason = translated(app, "zh-hans", "The order was not collected within the pickup window.")
    assert reason in closed.get_body(("plain",)).get_content()


def test_a_buyer_cancels_before_release_and_the_list_is_withdrawn(
    db_session, place, pay, customs, customs_round, vault
):
    order = place({"BD-JP-MATCHA-24": 2}, id_number=THIRD_TOURIST)
    pay(order)
    run_dispatcher(db_session, customs.folders, customs.dispatch_policy())
    simulator = customs.simulator()
    simulator.release_delay = 3600  # customs numbers the list, releases it later
    simulator.run_once()
    run_receiver(db_session, customs.folders)
    inventory = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.order_no == order.number,
            CustomsDeclaration.message_type == "CEB621",
        )
    ).one()
    assert inventory.status is DeclarationStatus.ACCEPTED and inventory.invt_no
    close_bonded_order(
        db_session,
        order,
        reason=ClosingReason.BUYER_CANCELLED,
        actor=Actor("buyer"),
        gateway=SandboxGateway(db_session, page_url=lambda r: r),
        declarations=customs,
    )
    db_session.commit()
    cancel = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.related_id == inventory.id)
    ).one()
    assert cancel.message_type.value == "CEB623"
    assert "买家取消订单" in cancel.cancel_reason
    assert TOURIST not in cancel.payload and THIRD_TOURIST not in cancel.payload  # sealed
    assert order.payment_status is PaymentStatus.REFUNDED
