"""The sandbox's other two parties of a bonded import: the payment company and the zone carrier.

Customs releases a bonded list only when the platform's order (CEB311), the payment company's
payment declaration (CEB411) and the carrier's waybill (CEB511) agree (三单对碰). Those two
messages come from other enterprises' DXP accounts; in development the sandbox plays them:
when a paid bonded order is declared, ``SandboxBondedParties`` writes what the payment company
(``CUSTOMS_PAYMENT_COMPANY_*``: the payer is the orderer, the amount what was charged) and the
in-zone carrier (``CUSTOMS_ZONE_CARRIER_*``: waybill to the showroom) would send, into
``<exchange>/payment/`` and ``<exchange>/carrier/``, where the simulator reads them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from catalog.base import as_utc
from storefront.customs.exchange.carrier_side import CARRIER_FOLDER
from storefront.customs.exchange.folders import ExchangeFolders, write_atomically
from storefront.customs.messages.documents import Sender
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.import_builders import build_import_waybill, build_payment
from storefront.customs.messages.import_documents import (
    ImportWaybillDocument,
    Orderer,
    PaymentDocument,
)
from storefront.customs.messages.wire_format import new_guid

if TYPE_CHECKING:
    from storefront.customs.declarations.bonded_mapping import BondedDocuments
    from storefront.customs.settings import BondedSettings
    from storefront.orders.models import Order

log = logging.getLogger(__name__)

PAYMENT_FOLDER: Final = "payment"


def payment_folder(folders: ExchangeFolders) -> Path:
    return folders.root / PAYMENT_FOLDER


class SandboxBondedParties:
    def __init__(self, settings: BondedSettings, folders: Callable[[], ExchangeFolders]) -> None:
        self.settings = settings
        self.folders = folders

    def declare(self, order: Order, orderer: Orderer, documents: BondedDocuments) -> None:
        """Write the payment company's CEB411 and the carrier's CEB511 for a declared order.

        Other enterprises' messages: whatever goes wrong here is logged and never stops the
        platform's own declaration (customs then refuses the list for the missing document).
        """
        try:
            self._declare(order, orderer, documents)
        except (CustomsError, OSError):
            log.exception("sandbox payment or waybill declaration for %s failed", order.number)

    def _declare(self, order: Order, orderer: Orderer, documents: BondedDocuments) -> None:
        folders = self.folders().create()
        settings = self.settings
        assert order.paid_at is not None, "only a paid order is declared"
        payment = build_payment(
            PaymentDocument(
                guid=new_guid(),
                pay_company=settings.payment_company,
                pay_transaction_id=documents.order.pay_transaction_id or order.number,
                order_no=order.number,
                ebp=documents.order.ebp,
                payer=orderer,  # the payer is the orderer: the statement the buyer made
                amount_paid=order.total,
                paid_at=as_utc(order.paid_at),
            ),
            Sender(
                settings.payment_company.code,
                settings.payment_company.name,
                settings.payment_company_dxp_id,
            ),
        )
        inventory = documents.inventory
        waybill = build_import_waybill(
            ImportWaybillDocument(
                guid=new_guid(),
                logistics=settings.zone_carrier,
                logistics_no=inventory.logistics_no,
                order_no=order.number,
                weight=inventory.gross_weight,
                consignee=orderer.name,
                consignee_address=inventory.consignee_address,
                consignee_telephone=orderer.telephone,
                goods_info="、".join(line.item_name for line in documents.order.lines)[:200],
            ),
            Sender(
                settings.zone_carrier.code, settings.zone_carrier.name, settings.zone_carrier_dxp_id
            ),
        )
        for folder_name, kind, message in (
            (PAYMENT_FOLDER, "CEB411", payment),
            (CARRIER_FOLDER, "CEB511", waybill),
        ):
            folder = folders.root / folder_name
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(folders.tmp, folder / f"{kind}_{new_guid()}.xml", message)
