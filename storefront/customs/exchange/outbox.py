"""The transactional outbox: declarations are written in the transaction that marks an order paid.

``CustomsOutbox.declare_paid_order(session, order)`` is called by the orders service right after
the order is split into sub-orders, before the one commit. For every export sub-order it maps the
order data (``mapping``), builds the CEB303 order and the CEB603 inventory list, signs them,
validates them against the XSD when one is configured, and adds two ``CustomsDeclaration`` rows
holding the finished messages, due now. The dispatcher only moves those bytes to the exchange
folder, so the messages exist exactly when the payment does.

When customs data is missing (or a check refuses the document) both rows are still written, as
``blocked`` with the reasons and no message: the payment stands, the operator sees what to fix.
Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.models import ProductChannel
from storefront.customs.messages.builders import build_export_order, build_inventory
from storefront.customs.messages.codes import AppStatus, AppType
from storefront.customs.messages.exceptions import (
    CustomsError,
    DeclarationRejected,
    SchemaValidationError,
)
from storefront.customs.declarations.mapping import MissingCustomsData, documents_for_sub_order
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.settings import CustomsSettings
from storefront.customs.messages.signing import Signer
from storefront.customs.messages.wire_format import CHINA_TIME, new_guid
from storefront.orders.models import Order, SubOrder


@dataclass(frozen=True, slots=True)
class BuiltMessage:
    """A finished message, or the reasons it could not be made."""

    payload: bytes | None
    problems: tuple[dict[str, str], ...] = ()


class CustomsOutbox:
    """Builds, signs and validates messages and puts them into the outbox table."""

    def __init__(
        self,
        settings: CustomsSettings,
        signer: Signer,
        validator: SchemaValidator,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.signer = signer
        self.validator = validator
        self.clock = clock

    def declare_paid_order(self, session: Session, order: Order) -> list[CustomsDeclaration]:
        """CEB303 + CEB603 rows for every sub-order of a paid export order (idempotent)."""
        if order.channel is not ProductChannel.EXPORT:
            return []
        declared: list[CustomsDeclaration] = []
        for sub_order in order.sub_orders:
            if _has_declarations(session, sub_order):
                continue
            declared.extend(self.declare_sub_order(session, sub_order))
        session.flush()
        return declared

    def declare_sub_order(
        self,
        session: Session,
        sub_order: SubOrder,
        *,
        app_type: dict[MessageType, AppType] | None = None,
        requested_by: str = "system",
        replacing: dict[MessageType, CustomsDeclaration] | None = None,
        only: frozenset[MessageType] = frozenset({MessageType.EXPORT_ORDER, MessageType.INVENTORY}),
    ) -> list[CustomsDeclaration]:
        """New declaration rows for one sub-order (both messages unless ``only`` says otherwise)."""
        app_type = app_type or {}
        replacing = replacing or {}
        guids = {MessageType.EXPORT_ORDER: new_guid(), MessageType.INVENTORY: new_guid()}
        messages = self._build(sub_order, guids, app_type)
        now = self.clock()
        rows: list[CustomsDeclaration] = []
        for message_type in (MessageType.EXPORT_ORDER, MessageType.INVENTORY):
            if message_type not in only:
                continue
            built = messages[message_type]
            row = CustomsDeclaration(
                message_type=message_type,
                guid=guids[message_type],
                app_type=int(app_type.get(message_type, AppType.NEW)),
                business_no=sub_order.number,
                order_no=sub_order.number,
                sub_order_id=sub_order.id,
                producer_id=sub_order.producer_id,
                status=DeclarationStatus.PENDING if built.payload else DeclarationStatus.BLOCKED,
                next_attempt_at=now if built.payload else None,
                payload=built.payload.decode("utf-8") if built.payload else None,
                problems=list(built.problems),
                attempts=0,
                last_error="",
                return_info="",
                requested_by=requested_by,
                related_id=replacing[message_type].id if message_type in replacing else None,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        return rows

    def finish(self, message: bytes) -> bytes:
        """Sign (appStatus 2 always is) and validate against the XSD when configured."""
        signed = self.signer.sign(message)
        self.validator.validate(signed)
        return signed

    def _build(
        self,
        sub_order: SubOrder,
        guids: dict[MessageType, str],
        app_type: dict[MessageType, AppType],
    ) -> dict[MessageType, BuiltMessage]:
        try:
            documents = documents_for_sub_order(
                sub_order,
                self.settings,
                order_guid=guids[MessageType.EXPORT_ORDER],
                inventory_guid=guids[MessageType.INVENTORY],
                today=self.clock().astimezone(CHINA_TIME).date(),
            )
        except MissingCustomsData as missing:
            problems = tuple(item.as_dict() for item in missing.missing)
            return {kind: BuiltMessage(None, problems) for kind in guids}
        app_time = self.clock()
        built: dict[MessageType, BuiltMessage] = {}
        for kind, build, document in (
            (MessageType.EXPORT_ORDER, build_export_order, documents.order),
            (MessageType.INVENTORY, build_inventory, documents.inventory),
        ):
            try:
                message = build(
                    document,  # type: ignore[arg-type]
                    self.settings.sender,
                    app_time=app_time,
                    app_type=app_type.get(kind, AppType.NEW),
                    app_status=AppStatus.DECLARE,
                    message_guid=guids[kind],
                )
                built[kind] = BuiltMessage(self.finish(message))
            except DeclarationRejected as rejected:
                built[kind] = BuiltMessage(None, problems_of(rejected))
            except SchemaValidationError as invalid:
                built[kind] = BuiltMessage(
                    None, tuple({"code": "schema", "subject": error} for error in invalid.errors)
                )
            except CustomsError as error:  # signing or XSD set-up: the payment must still stand
                built[kind] = BuiltMessage(None, ({"code": "signing", "subject": str(error)},))
        return built


def problems_of(rejected: DeclarationRejected) -> tuple[dict[str, str], ...]:
    return tuple(
        {"code": "check", "subject": f"{problem.field}: {problem.message}"}
        for problem in rejected.problems
    )


def _has_declarations(session: Session, sub_order: SubOrder) -> bool:
    found = session.scalar(
        select(CustomsDeclaration.id)
        .where(CustomsDeclaration.sub_order_id == sub_order.id)
        .limit(1)
    )
    return found is not None
