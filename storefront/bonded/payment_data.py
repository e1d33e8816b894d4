"""The payment of a bonded order as customs may ask for it (GACC Announcement 2018 No.179).

Platforms must be able to hand customs the original payment data of an import order: the
request to the payment institution and its answer, the transaction, the amount, the time and
the goods with their links (the "payExchangeInfo" structure, customs-messages.md §6). The shop
keeps, for every paid bonded order, what the payment provider answered (``payment_record``,
written when the payment is applied) and the order itself: ``payment_exchange_info`` assembles
the record from them, and the operator downloads it as JSON. It never holds the ID number.
"""

from __future__ import annotations

import json
from typing import Any

from storefront.customs.settings import CustomsSettings
from storefront.orders.models import Order

VER_DEPT_OTHER = "3"  # verDept: 1 UnionPay, 2 NetsUnion, 3 other (the sandbox, a PSP)


def payment_exchange_info(
    order: Order, settings: CustomsSettings, item_link: str
) -> dict[str, Any]:
    """The payExchangeInfo record of a paid bonded order (item links: ``item_link % sku``)."""
    bonded = order.bonded
    assert bonded is not None
    record = bonded.payment_record or {}
    bonded_settings = settings.bonded
    request = {
        "order_number": order.number,
        "amount": str(order.total),
        "currency": order.currency,
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "unit_price": str(line.unit_price)}
            for line in bonded.lines
        ],
        "tax": str(order.tax_total),
    }
    return {
        "payExchangeInfoHead": {
            "guid": record.get("reference", ""),
            "initalRequest": json.dumps(request, ensure_ascii=False, sort_keys=True),
            "initalResponse": json.dumps(record, ensure_ascii=False, sort_keys=True),
            "ebpCode": settings.platform.code,
            "payCode": bonded_settings.payment_company.code,
            "payTransactionId": order.payment_intent_reference or "",
            "totalAmount": str(order.total),
            "currency": "142",
            "verDept": VER_DEPT_OTHER,
            "payType": record.get("provider", order.payment_provider),
            "tradingTime": record.get("paid_at", ""),
            "note": "",
        },
        "payExchangeInfoLists": [
            {
                "orderNo": order.number,
                "goodsInfo": [
                    {"gname": line.name_zh, "itemLink": item_link % line.sku}
                    for line in bonded.lines
                ],
                "recpAccount": record.get("payee_account", ""),
                "recpCode": bonded_settings.seller.code,
                "recpName": bonded_settings.seller.name,
            }
        ],
    }
