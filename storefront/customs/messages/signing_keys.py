"""Where the signer's key and certificate come from: the configured PEM files.

Outside production, missing files are replaced by a development key pair (self-signed, in
``instance/customs-keys/``; ``make run`` creates it with ``flask customs keys``). In production
the files must exist: a missing key is a configuration error, never silently a development key.
"""

from __future__ import annotations

from pathlib import Path

from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.signing import (
    DEVELOPMENT_CERT_FILE,
    DEVELOPMENT_KEY_FILE,
    PemSigner,
    generate_development_keypair,
)


class SigningKeyMissing(CustomsError):
    """The configured signing key or certificate file does not exist."""


def ensure_development_keys(
    key_path: Path, cert_path: Path, *, allow_development_keys: bool
) -> tuple[Path, Path]:
    """Create the development key pair at the configured paths if it is not there yet."""
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path
    if not allow_development_keys:
        raise SigningKeyMissing(
            f"customs signing key {key_path} or certificate {cert_path} is missing"
        )
    same_folder = key_path.parent == cert_path.parent
    default_names = (
        key_path.name == DEVELOPMENT_KEY_FILE and cert_path.name == DEVELOPMENT_CERT_FILE
    )
    if not (same_folder and default_names):
        raise SigningKeyMissing(
            "development keys are generated only at "
            f"<folder>/{DEVELOPMENT_KEY_FILE} and <folder>/{DEVELOPMENT_CERT_FILE}"
        )
    return generate_development_keypair(key_path.parent)


def load_signer(key_path: Path, cert_path: Path, *, allow_development_keys: bool) -> PemSigner:
    key_path, cert_path = ensure_development_keys(
        key_path, cert_path, allow_development_keys=allow_development_keys
    )
    return PemSigner.from_files(key_path, cert_path)
