"""The customs adapter of one app: its settings, the outbox, the exchange folders, the policies.

``CustomsAdapter`` implements ``storefront.orders.ports.OrderDeclarations``: the orders service
receives it from its caller and calls ``declare_paid_order`` inside the paid transaction and
``withdraw_cancelled_order`` when a paid order is cancelled. Framework-free: ``init_app`` (in
``storefront.customs``) builds one per app from ``app.config`` and keeps it in
``app.extensions["customs"]``; ``customs_adapter(app)`` hands it out. The signer (key files) is
loaded on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from storefront.customs.declarations.bonded_operations import withdraw_bonded_order
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.customs.declarations.operations import CANCELLED_ORDER_REASON, withdraw_order
from storefront.customs.exchange.bonded_parties import SandboxBondedParties, payment_folder
from storefront.customs.exchange.carrier_side import (
    SANDBOX_CARRIER_DXP_ID,
    AnnouncingCarrier,
    carrier_folder,
    carrier_state,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.customs.exchange.outbox import CustomsOutbox
from storefront.customs.exchange.parcel_booking import book_and_declare
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing_keys import load_signer
from storefront.customs.settings import CustomsSettings
from storefront.pickup.personal_data import PersonalDataVault
from storefront.shipping.carriers.sandbox import SandboxCarrier

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from storefront.orders.actors import Actor
    from storefront.orders.models import Order, SubOrder

EXTENSION_KEY: Final = "customs"

__all__ = ["CANCELLED_ORDER_REASON", "EXTENSION_KEY", "CustomsAdapter", "customs_adapter"]


@dataclass
class CustomsAdapter:
    """The configured adapter of one app; the signer is loaded on first use."""

    settings: CustomsSettings
    # Seals and unseals the orderer's ID number in bonded-import messages (pickup.personal_data).
    vault: PersonalDataVault | None = field(default=None, repr=False)
    _outbox: CustomsOutbox | None = field(default=None, repr=False)

    @property
    def outbox(self) -> CustomsOutbox:
        if self._outbox is None:
            signer = load_signer(
                self.settings.key_path,
                self.settings.certificate_path,
                allow_development_keys=self.settings.allow_development_keys,
            )
            self._outbox = CustomsOutbox(
                self.settings,
                signer,
                SchemaValidator(self.settings.xsd_dir),
                carrier=self.carrier(),
                vault=self.vault,
                bonded_parties=self.bonded_parties(),
            )
        return self._outbox

    def bonded_parties(self) -> SandboxBondedParties | None:
        """The sandbox payment company and in-zone carrier (bonded import), in development."""
        if self.settings.carrier_booking != "sandbox":
            return None
        return SandboxBondedParties(self.settings.bonded, lambda: self.folders)

    def carrier(self) -> AnnouncingCarrier | None:
        """The carrier that books parcels (sandbox), or None: waybills are recorded as booked.

        The sandbox carrier also plays the logistics side towards customs: waybill (CEB505),
        arrival at the site (CEB507) and departure (CEB509) into ``<exchange>/carrier/``, where
        the simulator answers them.
        """
        if self.settings.carrier_booking != "sandbox":
            return None
        routes = self.settings.routes
        sandbox = SandboxCarrier(
            {method: route.carrier.code for method, route in routes.items()},
            carrier_state(self.folders),
            day_seconds=self.settings.carrier_sandbox_day_seconds,
        )
        return AnnouncingCarrier(
            sandbox,
            lambda: self.folders,
            routes,
            SANDBOX_CARRIER_DXP_ID,
            customs_code=self.settings.customs_code,
            site_operator=self.settings.site_operator,
        )

    @property
    def folders(self) -> ExchangeFolders:
        return ExchangeFolders(self.settings.exchange_dir)

    def dispatch_policy(self, pause_after_write: float = 0.0) -> DispatchPolicy:
        return DispatchPolicy(
            batch_size=self.settings.dispatch_batch_size,
            max_attempts=self.settings.dispatch_max_attempts,
            backoff_seconds=self.settings.dispatch_backoff_seconds,
            backoff_max_seconds=self.settings.dispatch_backoff_max_seconds,
            pause_after_write=pause_after_write,
            open_payload=self.vault.unseal if self.vault is not None else None,
        )

    def simulator(self) -> CustomsSimulator:
        return CustomsSimulator(
            self.folders,
            SchemaValidator(self.settings.xsd_dir),
            self.settings.simulator_release_delay_seconds,
            waybill_folder=carrier_folder(self.folders)
            if self.settings.carrier_booking == "sandbox"
            else None,
            payment_folder=payment_folder(self.folders)
            if self.settings.carrier_booking == "sandbox"
            else None,
        )

    # -- storefront.orders.ports.OrderDeclarations ------------------------------------------

    def declare_paid_order(self, session: Session, order: Order) -> list[CustomsDeclaration]:
        """Put each parcel's messages (9610: CEB303 + CEB603) into the outbox (flushes)."""
        return self.outbox.declare_paid_order(session, order)

    def withdraw_cancelled_order(
        self, session: Session, order: Order, *, actor: Actor
    ) -> list[CustomsDeclaration]:
        """The order was cancelled before shipping (or collection): withdraw its declarations.

        A bonded (1210) order's list is withdrawn before release (CEB623) or returned after it
        (CEB625); a parcel's export list is cancelled (CEB605). Flushes.
        """
        if order.is_bonded:
            return withdraw_bonded_order(session, self.outbox, order, actor=actor)
        return withdraw_order(
            session, self.outbox, order, reason=CANCELLED_ORDER_REASON, actor=actor
        )

    def withdraw_cancelled_parcel(
        self, session: Session, sub_order: SubOrder, *, actor: Actor
    ) -> list[CustomsDeclaration]:
        """One parcel was cancelled (the rest of its order goes on): withdraw its declarations."""
        return withdraw_order(
            session,
            self.outbox,
            sub_order.order,
            reason=CANCELLED_ORDER_REASON,
            actor=actor,
            sub_orders=[sub_order],
        )

    def book_parcel(self, session: Session, sub_order: SubOrder, *, actor: Actor) -> str | None:
        """Book the packed parcel with its carrier; its waiting inventory list is declared with
        the waybill. Returns the waybill number (None: no carrier is configured)."""
        return book_and_declare(session, self.outbox, sub_order, actor=actor)


def customs_adapter(app: Flask) -> CustomsAdapter:
    """The adapter ``init_app`` configured for ``app``."""
    return app.extensions[EXTENSION_KEY]
