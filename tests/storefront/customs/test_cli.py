"""The customs commands as an operator runs them, and the production safety checks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront import create_app
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.exceptions import ConfigurationError
from tests.storefront.conftest import customs_settings


@pytest.fixture
def exchange(app, tmp_path):
    """Point the app's customs adapter at a fresh exchange folder for one test."""
    with customs_settings(app, exchange_dir=tmp_path, simulator_release_delay_seconds=0.0):
        yield ExchangeFolders(tmp_path)


def test_work_once_dispatches_simulates_and_receives(app, db_session, place_paid_order, exchange):
    number = place_paid_order().number
    runner = app.test_cli_runner()
    for _ in range(2):  # the second pass finds nothing new to do
        result = runner.invoke(args=["customs", "work"])
        assert result.exit_code == 0, result.output
    rows = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.order_no.like(f"{number}-%"))
    ).all()
    statuses = {(row.message_type, row.status) for row in rows}
    assert statuses == {
        (MessageType.EXPORT_ORDER, DeclarationStatus.ACCEPTED),
        (MessageType.INVENTORY, DeclarationStatus.RELEASED),
    }
    assert len(list(exchange.processed.iterdir())) == 6 and list(exchange.failed.iterdir()) == []

    result = runner.invoke(args=["customs", "summary", "--month", "2026-13"])
    assert result.exit_code == 2 and "not a month" in result.output


def test_dispatch_and_receive_report_what_they_did(app, db_session, place_paid_order, exchange):
    place_paid_order()
    runner = app.test_cli_runner()
    assert "4 written" in runner.invoke(args=["customs", "dispatch"]).output
    assert "0 written" in runner.invoke(args=["customs", "dispatch"]).output
    assert "4 answered" in runner.invoke(args=["customs", "simulate"]).output
    # 120 for each message, and (no delay configured) 800 for each of the two lists at once
    assert "6 receipts recorded" in runner.invoke(args=["customs", "receive"]).output


def test_production_refuses_to_start_without_the_signing_key(tmp_path):
    with pytest.raises(ConfigurationError, match="customs signing file missing"):
        create_app(
            {
                "ENV": "production",
                "SECRET_KEY": "Zq8-rT3vLw9xYp2mKd7sNf4hJc6bGa1e",
                "PUBLIC_URL": "https://shop.example",
                "PAYMENT_PROVIDER": "stripe",
                "STRIPE_SECRET_KEY": "sk_test_x",
                "STRIPE_WEBHOOK_SECRET": "whsec_x",
                "MAIL_BACKEND": "smtp",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "CUSTOMS_SIGNING_KEY_PATH": str(tmp_path / "missing-key.pem"),
                "CUSTOMS_SIGNING_CERT_PATH": str(tmp_path / "missing-cert.pem"),
                "PICKUP_ID_KEY": "u5gS0ic3vyG1Wm0l9QmZl3r2GvhJx9d6cTq4o0l8Zx8=",
            }
        )


def test_the_adapter_is_the_one_init_app_configured_from_app_config(app):
    import storefront.customs as customs
    from tests.conftest import CUSTOMS_XSD_DIR

    adapter = customs.customs_adapter(app)
    assert isinstance(adapter, customs.CustomsAdapter)
    assert adapter is app.extensions["customs"]
    assert adapter.settings.xsd_dir == CUSTOMS_XSD_DIR  # from the app's config, not os.environ
    assert adapter.outbox.validator.enabled
    assert not hasattr(customs, "current_adapter")  # no environment-built global adapter


def test_the_adapter_implements_the_order_declarations_port(app):
    import inspect

    from storefront.customs import customs_adapter
    from storefront.orders.ports import OrderDeclarations

    adapter = customs_adapter(app)
    for name in ("declare_paid_order", "withdraw_cancelled_order"):
        wanted = inspect.signature(getattr(OrderDeclarations, name))
        given = inspect.signature(getattr(type(adapter), name))
        assert list(given.parameters) == list(wanted.parameters)


def test_the_summary_receipt_brings_the_summary_number(
    app, db_session, place_paid_order, exchange, two_coops
):
    from datetime import datetime

    from storefront.customs.messages.wire_format import CHINA_TIME
    from tests.storefront.customs.web.test_operator_pages import (
        released_last_month,
        summarised_producers,
    )

    runner = app.test_cli_runner()
    summarised_producers(two_coops)
    number = place_paid_order().number
    runner.invoke(args=["customs", "work"])  # both lists released (no delay configured)
    running = datetime.now(CHINA_TIME).strftime("%Y-%m")  # summaries count months in China time
    result = runner.invoke(args=["customs", "summary", "--month", running])
    assert result.exit_code == 2 and "is not over yet" in result.output
    lists = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.order_no.like(f"{number}-%"),
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).all()
    month = released_last_month(db_session, lists)
    db_session.commit()
    result = runner.invoke(args=["customs", "summary", "--month", month])
    assert "2 summary message(s) queued" in result.output
    runner.invoke(args=["customs", "work"])
    summaries = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.message_type == MessageType.SUMMARY)
    ).all()
    assert {row.status for row in summaries} == {DeclarationStatus.ACCEPTED}
    assert all(row.sum_no and row.sum_no.startswith("4900") for row in summaries)
    # the simulator answered each CEB701 with a CEB792: the export declaration number is kept
    assert all(row.entry_id and len(row.entry_id) == 18 for row in summaries)
    assert all(row.decl_seq_no and row.dec_state == "A" for row in summaries)
