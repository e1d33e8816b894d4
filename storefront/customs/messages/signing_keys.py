"""Where the signer's key and certificate come from: the configured PEM files.

Outside production, missing files are replaced by a development key pair (self-signed, in
``instance/customs-keys/``; ``make run`` creates it with ``flask customs keys``). In production
the files must exist: a missing key is a configuration error, never silently a development key.
"""

from __future__ import annotations

from pathlib import Path

from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.settings import CustomsSettings
from storefront.customs.messages.signing import (
    DEVELOPMENT_CERT_FILE,
    DEVELOPMENT_KEY_FILE,
    PemSigner,
    generate_development_keypair,
)


class SigningKeyMissing(CustomsError):
    """The configured signing key or certificate file does not exist."""


def ensure_development_keys(settings: CustomsSettings) -> tuple[Path, Path]:
    """Create the development key pair at the configured paths if it is not there yet."""
    key_path, cert_path = settings.key_path, settings.certificate_path
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path
    if not settings.allow_development_keys:
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


def load_signer(settings: CustomsSettings) -> PemSigner:
    key_path, cert_path = ensure_development_keys(settings)
    return PemSigner.from_files(key_path, cert_path)
