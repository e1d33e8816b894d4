"""Customs export declaration adapter (9610): CEB messages, checks, signing, outbox, receipts.

Everything in this package is framework-free and takes a Session, a folder and settings; this
module is the only one that touches Flask: ``init_app`` reads the ``CUSTOMS_*`` settings once and
keeps the adapter (settings, signer, XSD validator) in ``app.extensions["customs"]``;
``declare_paid_order`` is the call the orders service makes inside the paid transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from storefront.customs.exchange.dispatcher import DispatchPolicy
    from storefront.customs.exchange.folders import ExchangeFolders
    from storefront.customs.declarations.models import CustomsDeclaration
    from storefront.customs.exchange.outbox import CustomsOutbox
    from storefront.customs.settings import CustomsSettings
    from storefront.orders.models import Order

EXTENSION_KEY = "customs"


@dataclass
class CustomsAdapter:
    """The configured adapter of one app; the signer is loaded on first use."""

    settings: CustomsSettings
    _outbox: CustomsOutbox | None = None

    @property
    def outbox(self) -> CustomsOutbox:
        if self._outbox is None:
            from storefront.customs.exchange.outbox import CustomsOutbox
            from storefront.customs.messages.schema import SchemaValidator
            from storefront.customs.messages.signing_keys import load_signer

            self._outbox = CustomsOutbox(
                self.settings, load_signer(self.settings), SchemaValidator(self.settings.xsd_dir)
            )
        return self._outbox

    @property
    def folders(self) -> ExchangeFolders:
        from storefront.customs.exchange.folders import ExchangeFolders

        return ExchangeFolders(self.settings.exchange_dir)

    def dispatch_policy(self, pause_after_write: float = 0.0) -> DispatchPolicy:
        from storefront.customs.exchange.dispatcher import DispatchPolicy

        return DispatchPolicy(
            batch_size=self.settings.dispatch_batch_size,
            max_attempts=self.settings.dispatch_max_attempts,
            backoff_seconds=self.settings.dispatch_backoff_seconds,
            backoff_max_seconds=self.settings.dispatch_backoff_max_seconds,
            pause_after_write=pause_after_write,
        )


def init_app(app: Flask) -> None:
    from storefront.customs.cli import customs_cli
    from storefront.customs.settings import CustomsSettings
    from storefront.exceptions import ConfigurationError

    settings = CustomsSettings.from_mapping(app.config)
    if not settings.allow_development_keys:  # production: refuse to start without the real key
        for path in (settings.key_path, settings.certificate_path):
            if not path.is_file():
                raise ConfigurationError(
                    f"customs signing file missing: {path} (CUSTOMS_SIGNING_*)"
                )
    app.extensions[EXTENSION_KEY] = CustomsAdapter(settings)
    app.cli.add_command(customs_cli)


_environment_adapter: CustomsAdapter | None = None


def current_adapter() -> CustomsAdapter:
    """The app's adapter; outside an app context, one configured like the app would be.

    Services such as ``mark_order_paid`` also run without Flask (scripts, worker threads, the
    concurrency tests): they then get the adapter built from the same defaults and
    ``STOREFRONT_*`` environment variables that ``create_app()`` reads.
    """
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.extensions[EXTENSION_KEY]
    global _environment_adapter
    if _environment_adapter is None:
        import os

        from storefront.config import DefaultConfig, environment_overrides
        from storefront.customs.settings import CustomsSettings

        config = {name: getattr(DefaultConfig, name) for name in dir(DefaultConfig)}
        config.update(environment_overrides(dict(os.environ)))
        _environment_adapter = CustomsAdapter(CustomsSettings.from_mapping(config))
    return _environment_adapter


def declare_paid_order(session: Session, order: Order) -> list[CustomsDeclaration]:
    """Put CEB303 + CEB603 for each sub-order of a just-paid order into the outbox (flushes)."""
    return current_adapter().outbox.declare_paid_order(session, order)


# The reason customs reads on a CEB605: "order cancelled, goods not exported".
CANCELLED_ORDER_REASON = "订单已取消，货物未出境"


def withdraw_cancelled_order(
    session: Session, order: Order, *, actor: str, actor_user_id: int | None = None
) -> list[CustomsDeclaration]:
    """The order was cancelled before shipping: withdraw its declarations (flushes)."""
    from storefront.customs.declarations.operations import withdraw_order

    return withdraw_order(
        session,
        current_adapter().outbox,
        order,
        reason=CANCELLED_ORDER_REASON,
        actor=actor,
        actor_user_id=actor_user_id,
    )
