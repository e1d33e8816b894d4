"""Personal identity data at rest: ID numbers sealed with Fernet, a keyed hash for look-ups.

One secret (``PICKUP_ID_KEY``, 32 random bytes in URL-safe base64) is stretched with HKDF into
independent keys, one per use, so that a hash can never be turned into a decryption key:

* ``seal``/``unseal``: Fernet (AES-128-CBC + HMAC-SHA256, random IV, timestamp) for the ID
  number and for customs messages that carry it;
* ``lookup_hash``: HMAC-SHA256 of the normalised ID number, hex: the annual quota and the
  simulator find a person by it without anyone being able to reverse it without the key.

Outside production a development key is created in ``instance/pickup-id.key`` (mode 0600) the
first time, like the customs signing key; production refuses to start without a configured key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

SEALED_PREFIX: Final = "sealed:v1:"  # marks sealed text wherever it is stored
KEY_BYTES: Final = 32
_SALT: Final = b"chenzhou-storefront/pickup-personal-data"


class PersonalDataKeyError(ValueError):
    """The configured key is missing or not 32 bytes of URL-safe base64."""


class UnreadableSealedData(ValueError):
    """Sealed with another key, altered, or not sealed at all."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    # cryptography (about 17 MB) is imported on first use: a worker that never touches
    # personal data does not load it.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(secret)


def decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise PersonalDataKeyError("PICKUP_ID_KEY is not URL-safe base64") from None
    if len(raw) != KEY_BYTES:
        raise PersonalDataKeyError(f"PICKUP_ID_KEY must hold {KEY_BYTES} bytes, got {len(raw)}")
    return raw


def new_key() -> str:
    """A fresh key for ``STOREFRONT_PICKUP_ID_KEY``."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


class PersonalDataVault:
    """Seals and unseals personal data and hashes ID numbers, with keys derived from one secret."""

    def __init__(self, key: str) -> None:
        self._secret = decode_key(key)  # checked now: a bad key refuses to start
        self._fernet_keys: Fernet | None = None
        self._lookup_key: bytes | None = None

    def _fernet(self) -> Fernet:
        if self._fernet_keys is None:
            from cryptography.fernet import Fernet

            self._fernet_keys = Fernet(base64.urlsafe_b64encode(_derive(self._secret, b"seal")))
        return self._fernet_keys

    def _hash_key(self) -> bytes:
        if self._lookup_key is None:
            self._lookup_key = _derive(self._secret, b"lookup-hash")
        return self._lookup_key

    def seal(self, text: str) -> str:
        return SEALED_PREFIX + self._fernet().encrypt(text.encode("utf-8")).decode("ascii")

    def unseal(self, sealed: str) -> str:
        if not is_sealed(sealed):
            raise UnreadableSealedData("not sealed")
        from cryptography.fernet import InvalidToken

        try:
            token = sealed.removeprefix(SEALED_PREFIX).encode("ascii")
            return self._fernet().decrypt(token).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise UnreadableSealedData("sealed with another key or altered") from None

    def lookup_hash(self, id_number: str) -> str:
        normalised = id_number.strip().upper().encode("utf-8")
        return hmac.new(self._hash_key(), normalised, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "PersonalDataVault(<key hidden>)"


def is_sealed(text: str | None) -> bool:
    return bool(text) and str(text).startswith(SEALED_PREFIX)


def development_key(path: Path) -> str:
    """The development key in ``path``, created (mode 0600) when missing.

    Written to a temporary file and linked into place, so a second process starting at the same
    moment (the web server and the worker) reads the one key, never a half-written file.
    """
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
        key_file.write(new_key() + "\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # the other process won: use its key
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()
