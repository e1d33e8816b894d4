"""What the bonded checkout keeps between its steps: the orderer, sealed, in the session.

The session cookie is signed, not encrypted, so the ID number is kept sealed with the
personal-data vault (Fernet): the cookie never carries it readable. Name, phone, e-mail and
the chosen showroom are kept as typed, so coming back to the form loses nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Final

from storefront.pickup.identity import BuyerIdentity
from storefront.pickup.personal_data import PersonalDataVault, UnreadableSealedData

BUYER_KEY: Final = "bonded_buyer"
PLACEMENT_KEY: Final = "bonded_placement_key"


@dataclass(frozen=True, slots=True)
class SavedBuyer:
    real_name: str
    id_sealed: str
    phone: str
    email: str
    showroom: str


def saved_buyer(store: MutableMapping[str, object]) -> SavedBuyer | None:
    raw = store.get(BUYER_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return SavedBuyer(
            **{name: str(raw[name]) for name in SavedBuyer.__dataclass_fields__}  # type: ignore[arg-type]
        )
    except KeyError:
        return None


def save_buyer(
    store: MutableMapping[str, object],
    vault: PersonalDataVault,
    identity: BuyerIdentity,
    *,
    email: str,
    showroom: str,
) -> None:
    store[BUYER_KEY] = {
        "real_name": identity.name,
        "id_sealed": vault.seal(identity.id_number),
        "phone": identity.phone,
        "email": email,
        "showroom": showroom,
    }


def saved_identity(
    store: MutableMapping[str, object], vault: PersonalDataVault
) -> tuple[SavedBuyer, BuyerIdentity] | None:
    saved = saved_buyer(store)
    if saved is None:
        return None
    try:
        number = vault.unseal(saved.id_sealed)
    except UnreadableSealedData:
        return None
    return saved, BuyerIdentity(saved.real_name, number, saved.phone, True)


def forget_buyer(store: MutableMapping[str, object]) -> None:
    store.pop(BUYER_KEY, None)


def placement_key(store: MutableMapping[str, object]) -> str:
    key = store.get(PLACEMENT_KEY)
    if not isinstance(key, str):
        key = secrets.token_urlsafe(24)
        store[PLACEMENT_KEY] = key
    return key


def forget_placement_key(store: MutableMapping[str, object]) -> None:
    store.pop(PLACEMENT_KEY, None)
