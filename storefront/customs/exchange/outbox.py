"""The transactional outbox: declarations are written in the transaction that marks an order paid.

``CustomsOutbox.declare_paid_order(session, order)`` is called (through the adapter) by the
orders service right after the order is split into sub-orders, before the one commit. For every
sub-order of a declared channel it maps the order data (``declarations.mapping``), builds the
messages the channel table (``messages.channels``) says a paid parcel needs (9610: CEB303 order
and CEB603 inventory list), signs them, validates them against the XSD when one is configured,
and adds one ``CustomsDeclaration`` row per message holding the finished bytes, due now. The
dispatcher only moves those bytes to the exchange folder, so the messages exist exactly when the
payment does.

When customs data is missing (or a check refuses the document) the rows are still written, as
``blocked`` with the reasons and no message: the payment stands, the operator sees what to fix.
Each row is created through ``declarations.states.change_status`` (an audit row from "new").
Services flush, never commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.models import ProductChannel
from storefront.customs.declarations.destination_ports import destination_ports
from storefront.customs.declarations.mapping import (
    AWAITING_WAYBILL,
    DOCUMENT_MAPPERS,
    MissingCustomsData,
    WaybillPending,
    chinese_name,
)
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.states import change_status
from storefront.customs.exchange.bonded_declarations import (
    declare_bonded_order,
    has_bonded_declarations,
)
from storefront.customs.exchange.bonded_parties import SandboxBondedParties
from storefront.customs.messages.channels import CHANNELS, Channel, ChannelSpec
from storefront.customs.messages.codes import AppStatus, AppType
from storefront.customs.messages.exceptions import (
    CustomsError,
    DeclarationRejected,
    SchemaValidationError,
)
from storefront.customs.messages.import_documents import Orderer
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import Signer
from storefront.customs.messages.wire_format import CHINA_TIME, new_guid
from storefront.customs.settings import CustomsSettings
from storefront.orders.actors import SYSTEM, Actor
from storefront.orders.models import Order, SubOrder
from storefront.pickup.personal_data import PersonalDataVault, UnreadableSealedData
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.port import Carrier, ShipmentRequest

log = logging.getLogger(__name__)

# Which customs channel declares the orders of each catalog channel.
DECLARED_CHANNELS: Final = {
    ProductChannel.EXPORT: Channel.EXPORT_9610,
    ProductChannel.BONDED: Channel.BONDED_IMPORT_1210,
}


@dataclass(frozen=True, slots=True)
class BuiltMessage:
    """A finished message, or the reasons it could not be made."""

    payload: bytes | None
    problems: tuple[dict[str, str], ...] = ()
    statistics_flag: str | None = None  # inventory lists: the flag declared


class CustomsOutbox:
    """Builds, signs and validates messages and puts them into the outbox table."""

    def __init__(
        self,
        settings: CustomsSettings,
        signer: Signer,
        validator: SchemaValidator,
        clock: Callable[[], datetime] = utcnow,
        carrier: Carrier | None = None,
        vault: PersonalDataVault | None = None,
        bonded_parties: SandboxBondedParties | None = None,
    ) -> None:
        self.settings = settings
        self.signer = signer
        self.validator = validator
        self.clock = clock
        self.carrier = carrier  # books packed parcels (parcel_booking); None: waybills recorded
        self.vault = vault  # seals messages that carry an ID number (bonded import)
        self.bonded_parties = bonded_parties  # sandbox payment company and in-zone carrier

    def declare_paid_order(self, session: Session, order: Order) -> list[CustomsDeclaration]:
        """The channel's rows for every sub-order of a paid order (idempotent).

        A parcel without a waybill (its producer books the carrier once it is packed,
        ``parcel_booking``) gets its electronic order now; its inventory list is declared when
        the waybill exists, so no list waits as "blocked" on the operator's attention list.
        A bonded (1210) order is declared as a whole (``bonded_declarations``).
        """
        channel = DECLARED_CHANNELS.get(order.channel)
        if channel is None:
            return []
        if channel is Channel.BONDED_IMPORT_1210:
            if has_bonded_declarations(session, order):
                return []
            return declare_bonded_order(self, session, order)
        declared: list[CustomsDeclaration] = []
        for sub_order in order.sub_orders:
            if _has_declarations(session, sub_order):
                continue
            only = (
                None if self._waybill(session, sub_order) else frozenset({CHANNELS[channel].order})
            )
            declared.extend(self.declare_sub_order(session, sub_order, channel=channel, only=only))
        session.flush()
        return declared

    def declare_sub_order(
        self,
        session: Session,
        sub_order: SubOrder,
        *,
        channel: Channel = Channel.EXPORT_9610,
        app_type: dict[MessageType, AppType] | None = None,
        actor: Actor = SYSTEM,
        replacing: dict[MessageType, CustomsDeclaration] | None = None,
        only: frozenset[MessageType] | None = None,
    ) -> list[CustomsDeclaration]:
        """New rows for one sub-order: what the channel declares on payment, or ``only``."""
        spec = CHANNELS[channel]
        app_type = app_type or {}
        replacing = replacing or {}
        kinds = [kind for kind in spec.declared_on_payment if only is None or kind in only]
        guids = {kind: new_guid() for kind in spec.declared_on_payment}
        messages = self._build(session, spec, sub_order, guids, app_type)
        return self.add_rows(
            session,
            kinds,
            guids,
            messages,
            app_type=app_type,
            actor=actor,
            replacing=replacing,
            business_no=sub_order.number,
            order_no=sub_order.number,
            sub_order_id=sub_order.id,
            producer_id=sub_order.producer_id,
        )

    def add_rows(
        self,
        session: Session,
        kinds: list[MessageType],
        guids: dict[MessageType, str],
        messages: dict[MessageType, BuiltMessage],
        *,
        app_type: dict[MessageType, AppType],
        actor: Actor,
        replacing: dict[MessageType, CustomsDeclaration],
        sealed: bool = False,
        **identity: object,
    ) -> list[CustomsDeclaration]:
        """One outbox row per message: pending and due now, or blocked with its problems.

        ``sealed``: the message names a person and is stored sealed (``store_payload``).
        Each row is created through the state machine (an audit row from "new").
        """
        now = self.clock()
        rows: list[CustomsDeclaration] = []
        for kind in kinds:
            built = messages[kind]
            payload = None
            if built.payload:
                payload = self.store_payload(built.payload) if sealed else built.payload.decode()
            row = CustomsDeclaration.new_row(
                kind,
                guids[kind],
                requested_by=actor.label,
                payload=payload,
                problems=list(built.problems),
                app_type=int(app_type.get(kind, AppType.NEW)),
                next_attempt_at=now if payload else None,
                related_id=replacing[kind].id if kind in replacing else None,
                statistics_flag=built.statistics_flag if payload else None,
                **identity,
            )
            session.add(row)
            change_status(
                session,
                row,
                DeclarationStatus.PENDING if payload else DeclarationStatus.BLOCKED,
                actor=actor,
                note="" if payload else "customs data missing",
                on_order=False,
            )
            rows.append(row)
        session.flush()
        return rows

    def declare_order(
        self,
        session: Session,
        order: Order,
        *,
        app_type: dict[MessageType, AppType] | None = None,
        actor: Actor = SYSTEM,
        replacing: dict[MessageType, CustomsDeclaration] | None = None,
        only: frozenset[MessageType] | None = None,
    ) -> list[CustomsDeclaration]:
        """New rows for a bonded order declared as a whole (a resubmission)."""
        return declare_bonded_order(
            self, session, order, app_type=app_type, actor=actor, replacing=replacing, only=only
        )

    def queue(
        self,
        session: Session,
        row: CustomsDeclaration,
        *,
        actor: Actor,
        note: str = "",
        on_order: bool = True,
    ) -> CustomsDeclaration:
        """Add a finished message (cancel, summary) to the outbox, due now."""
        row.next_attempt_at = self.clock()
        session.add(row)
        change_status(
            session, row, DeclarationStatus.PENDING, actor=actor, note=note, on_order=on_order
        )
        return row

    def finish(self, message: bytes) -> bytes:
        """Sign (appStatus 2 always is) and validate against the XSD when configured."""
        signed = self.signer.sign(message)
        self.validator.validate(signed)
        return signed

    def orderer_of(self, order: Order) -> Orderer:
        """A bonded order's orderer, the ID number unsealed (LookupError when it is gone)."""
        bonded = order.bonded
        if bonded is None or not bonded.id_number_sealed or self.vault is None:
            raise LookupError("the orderer's ID number is not available")
        try:
            number = self.vault.unseal(bonded.id_number_sealed)
        except UnreadableSealedData as error:
            raise LookupError("the orderer's ID number cannot be read") from error
        return Orderer(order.recipient_name, number, order.phone)

    def store_payload(self, message: bytes) -> str:
        """How a finished message is kept in the outbox table: sealed when it names a person.

        Import messages carry the orderer's resident ID number: they are kept sealed
        (``storefront.pickup.personal_data``) and unsealed only to be written to the exchange
        folder (``DispatchPolicy.open_payload``) and shown to the operator with the ID masked.
        """
        text = message.decode("utf-8")
        return self.vault.seal(text) if self.vault is not None else text

    def build_documents(
        self,
        spec: ChannelSpec,
        guids: dict[MessageType, str],
        app_type: dict[MessageType, AppType],
        documents: tuple[tuple[MessageType, Callable[..., bytes], object], ...],
    ) -> dict[MessageType, BuiltMessage]:
        """Build, sign and validate each document; refusals become problems, never raise."""
        return self._build_each(spec, guids, app_type, documents)

    @staticmethod
    def _waybill(session: Session, sub_order: SubOrder) -> str | None:
        """The parcel's waybill, once its producer booked it (``parcel_booking``), else None:
        the list then waits, blocked as ``awaiting_waybill``."""
        existing = waybill_of(session, sub_order.id)
        return existing.waybill_no if existing is not None else None

    def _build(
        self,
        session: Session,
        spec: ChannelSpec,
        sub_order: SubOrder,
        guids: dict[MessageType, str],
        app_type: dict[MessageType, AppType],
    ) -> dict[MessageType, BuiltMessage]:
        try:
            documents = DOCUMENT_MAPPERS[spec.channel](
                sub_order,
                self.settings,
                order_guid=guids[spec.order],
                inventory_guid=guids[spec.inventory],
                ports=destination_ports(session),
                waybill_no=self._waybill(session, sub_order),
                today=self.clock().astimezone(CHINA_TIME).date(),
            )
        except WaybillPending as pending:  # the order goes now; the list waits for its waybill
            problems = tuple(item.as_dict() for item in pending.missing)
            built = self._build_each(
                spec, guids, app_type, ((spec.order, spec.build_order, pending.order),)
            )
            built[spec.inventory] = BuiltMessage(None, problems)
            return built
        except MissingCustomsData as missing:
            problems = tuple(item.as_dict() for item in missing.missing)
            # The electronic order never needs the waybill: only the list waits for it.
            for_order = tuple(p for p in problems if p.get("code") != AWAITING_WAYBILL)
            return {
                kind: BuiltMessage(None, for_order if kind == spec.order else problems)
                for kind in guids
            }
        return self._build_each(
            spec,
            guids,
            app_type,
            (
                (spec.order, spec.build_order, documents.order),
                (spec.inventory, spec.build_inventory, documents.inventory),
            ),
        )

    def _build_each(
        self,
        spec: ChannelSpec,
        guids: dict[MessageType, str],
        app_type: dict[MessageType, AppType],
        documents: tuple[tuple[MessageType, Callable[..., bytes], object], ...],
    ) -> dict[MessageType, BuiltMessage]:
        app_time = self.clock()
        built: dict[MessageType, BuiltMessage] = {}
        for kind, build, document in documents:
            try:
                message = build(
                    document,
                    self.settings.sender,
                    app_time=app_time,
                    app_type=app_type.get(kind, AppType.NEW),
                    app_status=AppStatus.DECLARE,
                    message_guid=guids[kind],
                )
                flag = getattr(document, "statistics_flag", None)
                built[kind] = BuiltMessage(
                    self.finish(message), statistics_flag=str(flag) if flag else None
                )
            except DeclarationRejected as rejected:
                built[kind] = BuiltMessage(None, problems_of(rejected))
            except SchemaValidationError as invalid:
                built[kind] = BuiltMessage(
                    None, tuple({"code": "schema", "subject": error} for error in invalid.errors)
                )
            except CustomsError as error:  # signing or XSD set-up: the payment must still stand
                built[kind] = BuiltMessage(None, ({"code": "signing", "subject": str(error)},))
        return built


def shipment_request(sub_order: SubOrder, settings: CustomsSettings) -> ShipmentRequest:
    net_kg = Decimal(sub_order.net_weight_g) / 1000
    names = "、".join(line.product_name_source for line in sub_order.lines)
    producer_name = chinese_name(sub_order.producer) or sub_order.producer.code
    return ShipmentRequest(
        parcel_reference=sub_order.parcel_reference,
        method=str(sub_order.order.shipping_method),
        gross_weight_kg=(net_kg * settings.packaging_factor).quantize(Decimal("0.001")),
        goods_description=names[:200],
        freight=sub_order.freight_share,
        currency=sub_order.currency,
        consignor_code=sub_order.producer.customs_code or "",
        consignor_name=producer_name,
        destination_country=sub_order.order.destination_country,
    )


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
