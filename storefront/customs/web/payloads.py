"""What the operator reads of a stored message: sealed import messages opened, IDs masked.

Bonded-import messages carry the orderer's resident ID number and are stored sealed
(``storefront.pickup.personal_data``); the declaration page shows them unsealed with every ID
number masked as everywhere else in the shop. A purged message (retention) reads as such.
"""

from __future__ import annotations

import re
from typing import Final

from storefront.pickup.identity import mask_id
from storefront.pickup.personal_data import PersonalDataVault, UnreadableSealedData, is_sealed

_ID_ELEMENTS: Final = re.compile(
    r"(<(?:ceb:)?(?:buyerIdNumber|payerIdNumber)>)([^<]*)(</(?:ceb:)?(?:buyerIdNumber|payerIdNumber)>)"
)


def mask_identity_numbers(xml: str) -> str:
    return _ID_ELEMENTS.sub(lambda m: m.group(1) + mask_id(m.group(2)) + m.group(3), xml)


def readable_payload(payload: str | None, vault: PersonalDataVault | None) -> str | None:
    if not payload or not is_sealed(payload):
        return payload
    if vault is None:
        return None
    try:
        return mask_identity_numbers(vault.unseal(payload))
    except UnreadableSealedData:
        return None
