"""What the declaration operations need from the outbox, as a port.

``exchange.outbox.CustomsOutbox`` implements it. The operations (resubmit, cancel, withdraw) and
the monthly summaries build and queue messages through it, so this package never imports the
exchange side (which itself builds on the declarations).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storefront.customs.declarations.models import CustomsDeclaration, MessageType
    from storefront.customs.messages.channels import Channel
    from storefront.customs.messages.codes import AppType
    from storefront.customs.settings import CustomsSettings
    from storefront.orders.actors import Actor
    from storefront.orders.models import Order, SubOrder


class DeclarationOutbox(Protocol):
    settings: CustomsSettings
    clock: Callable[[], datetime]

    def finish(self, message: bytes) -> bytes:
        """Sign and validate a built message."""
        ...

    def declare_sub_order(
        self,
        session: Session,
        sub_order: SubOrder,
        *,
        channel: Channel,
        app_type: dict[MessageType, AppType] | None = None,
        actor: Actor,
        replacing: dict[MessageType, CustomsDeclaration] | None = None,
        only: frozenset[MessageType] | None = None,
    ) -> list[CustomsDeclaration]:
        """Build the sub-order's messages again and add their rows (``blocked`` if data lacks)."""
        ...

    def declare_order(
        self,
        session: Session,
        order: Order,
        *,
        app_type: dict[MessageType, AppType] | None = None,
        actor: Actor,
        replacing: dict[MessageType, CustomsDeclaration] | None = None,
        only: frozenset[MessageType] | None = None,
    ) -> list[CustomsDeclaration]:
        """Build a bonded (1210) order's messages again and add their rows."""
        ...

    def queue(
        self,
        session: Session,
        row: CustomsDeclaration,
        *,
        actor: Actor,
        note: str = "",
        on_order: bool = True,
    ) -> CustomsDeclaration:
        """Add a finished message row to the outbox, due now (audited as created)."""
        ...
