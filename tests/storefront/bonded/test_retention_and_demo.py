"""Personal data purged after the retention; `demo orders --channel bonded` through the real
services; `flask pickup` commands; the vault's key in production; nothing personal in logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from catalog.base import utcnow
from storefront import create_app
from storefront.bonded.retention import purge_personal_data
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.exceptions import ConfigurationError
from storefront.orders.models import Order
from storefront.orders.services import expire_order
from storefront.orders.states import OrderStatus
from tests.pickup_ids import THIRD_TOURIST, TOURIST


def test_personal_data_is_purged_after_the_retention(db_session, place, pay, customs):
    order = place({"BD-AU-MACA-500": 1}, id_number=THIRD_TOURIST)
    pay(order)
    expired = place({"BD-US-VITC-250": 1}, id_number=THIRD_TOURIST)
    expire_order(db_session, expired)
    db_session.commit()
    # paid and open: kept whatever its age; expired: kept until the retention has passed
    assert purge_personal_data(db_session, retention_days=30, now=utcnow()) == 0
    later = utcnow() + timedelta(days=31)
    assert purge_personal_data(db_session, retention_days=30, now=later) == 1
    assert expired.bonded.id_number_sealed is None and expired.recipient_name == ""
    assert expired.bonded.id_masked.startswith(THIRD_TOURIST[:4])  # the masked form stays
    assert order.bonded.id_number_sealed is not None
    order.status = OrderStatus.CANCELLED  # closed now: its sealed messages go with the purge
    order.cancelled_at = utcnow()
    db_session.flush()
    folder_copies = [
        customs.folders.outbox / row.file_name
        for row in db_session.scalars(
            select(CustomsDeclaration).where(CustomsDeclaration.order_no == order.number)
        )
    ]
    assert purge_personal_data(
        db_session, retention_days=30, now=later, folders=customs.folders
    ) == 1  # fmt: skip
    payloads = db_session.scalars(
        select(CustomsDeclaration.payload).where(CustomsDeclaration.order_no == order.number)
    ).all()
    assert payloads == [None, None]
    assert not any(path.exists() for path in folder_copies)


def test_demo_orders_for_the_bonded_channel(app, db_session):
    before = db_session.scalar(select(Order.id).order_by(Order.id.desc()).limit(1)) or 0
    result = app.test_cli_runner().invoke(
        args=["demo", "orders", "--count", "3", "--channel", "bonded", "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    assert "3 paid bonded orders" in result.output
    orders = db_session.scalars(select(Order).where(Order.id > before)).all()
    assert len(orders) == 3 and all(o.is_bonded and o.is_paid for o in orders)
    assert all(
        len(db_session.scalars(
            select(CustomsDeclaration).where(CustomsDeclaration.order_no == o.number)
        ).all()) == 2
        for o in orders
    )  # fmt: skip


def test_production_refuses_to_start_without_the_personal_data_key(tmp_path):
    settings = {
        "ENV": "production",
        "SECRET_KEY": "Zq8-rT3vLw9xYp2mKd7sNf4hJc6bGa1e",
        "PUBLIC_URL": "https://shop.example",
        "PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "MAIL_BACKEND": "smtp",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    with pytest.raises(ConfigurationError, match="STOREFRONT_PICKUP_ID_KEY"):
        create_app(settings)
    with pytest.raises(ConfigurationError, match="32 bytes"):
        create_app({**settings, "PICKUP_ID_KEY": "c2hvcnQ="})


def test_the_order_flow_logs_no_id_number(db_session, place, pay, customs_round, caplog):
    caplog.set_level(logging.DEBUG)
    order = place({"BD-JP-MATCHA-24": 1})
    pay(order)
    customs_round()
    assert TOURIST not in caplog.text
    assert TOURIST not in repr(order.bonded)
