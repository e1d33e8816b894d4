"""Enveloped XML-DSig signing of CEB messages, its verification, and development keys.

The spec: enveloped signature (``Reference URI=""`` + enveloped-signature transform), canonical
XML 1.0, RSA-SHA1 with SHA-1 digests (or SM2-SM3 from a customs USB key / crypto server),
``KeyInfo`` with ``KeyName`` and ``X509Data/X509Certificate``. In the export XSD ``ds:Signature``
sits in the message root after ``BaseTransfer``/``BaseSubscribe`` and before ``ExtendMessage``,
which is where it is placed, so a signed message stays schema-valid.

``Signer`` is the port: ``PemSigner`` signs with an RSA key and certificate in PEM files; a
hardware SM2 signer only has to offer the same ``sign(bytes) -> bytes``.

cryptography and signxml (about 20 MB of a process) are imported by the functions that sign or
verify, not by this module: a web worker that only serves pages never loads them.
"""

from __future__ import annotations

import base64
import logging
import os
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from lxml import etree

from storefront.customs.messages.exceptions import SignatureInvalid, SigningError
from storefront.customs.messages.message_xml import (
    XMLDSIG_NAMESPACE,
    ceb_tag,
    parse_message,
    serialize_message,
)

if TYPE_CHECKING:
    from cryptography import x509
    from signxml import XMLSigner
    from signxml.verifier import SignatureConfiguration

# signxml's DEBUG records quote the canonicalised XML being signed or verified, and import
# messages (CEB311/621) carry the orderer's resident ID number: they never reach a log.
logging.getLogger("signxml").setLevel(logging.INFO)

DEVELOPMENT_KEY_FILE: Final = "customs-signing-key.pem"
DEVELOPMENT_CERT_FILE: Final = "customs-signing-cert.pem"
_SIGNATURE_TAG: Final = f"{{{XMLDSIG_NAMESPACE}}}Signature"
_CERTIFICATE_PATH: Final = "ds:KeyInfo/ds:X509Data/ds:X509Certificate"
_DS: Final = {"ds": XMLDSIG_NAMESPACE}


@cache
def _verify_config() -> SignatureConfiguration:
    from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
    from signxml.verifier import SignatureConfiguration

    return SignatureConfiguration(
        location="./",  # a direct child of the message root, nowhere else
        expect_references=1,
        signature_methods=frozenset({SignatureMethod.RSA_SHA1}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA1}),
        default_reference_c14n_method=CanonicalizationMethod.CANONICAL_XML_1_0,
    )


class Signer(Protocol):
    """Signs one CEB message: takes the unsigned XML bytes, returns the signed XML bytes."""

    def sign(self, message: bytes) -> bytes: ...


def _chinaport_xml_signer() -> XMLSigner:
    """An enveloped RSA-SHA1 signer: signxml refuses SHA-1 unless told otherwise, and the
    customs spec only accepts RSA-SHA1."""
    from signxml import (
        CanonicalizationMethod,
        DigestAlgorithm,
        SignatureConstructionMethod,
        SignatureMethod,
        XMLSigner,
    )

    class ChinaportXMLSigner(XMLSigner):
        def check_deprecated_methods(self) -> None:
            return None

    return ChinaportXMLSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA1,
        digest_algorithm=DigestAlgorithm.SHA1,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )


class PemSigner:
    """RSA-SHA1 enveloped signer using a PEM private key and its X.509 certificate."""

    def __init__(
        self,
        private_key_pem: bytes,
        certificate_pem: bytes,
        *,
        key_name: str | None = None,
        password: bytes | None = None,
    ) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        try:
            key = serialization.load_pem_private_key(private_key_pem, password=password)
            certificate = x509.load_pem_x509_certificate(certificate_pem)
        except (ValueError, TypeError) as error:
            raise SigningError(f"cannot load the signing key or certificate: {error}") from error
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SigningError("the customs signing key must be an RSA key")
        if certificate.public_key() != key.public_key():
            raise SigningError("the certificate does not belong to the signing key")
        self._key = key
        self._certificate = certificate
        # The spec's sample uses "0001"; implementations put the key or certificate number.
        self._key_name = key_name or format(certificate.serial_number, "X")

    @classmethod
    def from_files(
        cls,
        key_path: Path | str,
        certificate_path: Path | str,
        *,
        key_name: str | None = None,
        password: bytes | None = None,
    ) -> PemSigner:
        """A signer reading its key and certificate from PEM files."""
        return cls(
            Path(key_path).read_bytes(),
            Path(certificate_path).read_bytes(),
            key_name=key_name,
            password=password,
        )

    @property
    def certificate(self) -> x509.Certificate:
        """The certificate embedded in every signature."""
        return self._certificate

    def sign(self, message: bytes) -> bytes:
        """The message with a ``ds:Signature`` in its root, at the place the XSD expects."""
        try:
            root = parse_message(message)
        except etree.XMLSyntaxError as error:
            raise SigningError(f"cannot sign malformed XML: {error}") from error
        if root.find(_SIGNATURE_TAG) is not None:
            raise SigningError("the message is already signed")
        placeholder = etree.Element(
            _SIGNATURE_TAG, {"Id": "placeholder"}, nsmap={"ds": XMLDSIG_NAMESPACE}
        )
        extension = root.find(ceb_tag("ExtendMessage"))
        if extension is not None:
            extension.addprevious(placeholder)
        else:
            root.append(placeholder)
        from signxml.exceptions import InvalidInput

        signer = _chinaport_xml_signer()
        try:
            signed = signer.sign(
                root,
                key=self._key,
                cert=[self._certificate],
                key_name=self._key_name,
                exclude_c14n_transform_element=True,
            )
        except (InvalidInput, ValueError) as error:
            raise SigningError(f"signing failed: {error}") from error
        return serialize_message(signed)


def verify_signature(
    message: bytes, trusted_certificate_pem: bytes | None = None
) -> x509.Certificate:
    """Check the enveloped RSA-SHA1 signature of a message; return the signing certificate.

    With ``trusted_certificate_pem`` the signature must have been made with that certificate's key.
    Without it, the certificate embedded in ``KeyInfo`` is used: that proves the message was not
    altered after signing, not who signed it. Raises ``SignatureInvalid``.
    """
    try:
        root = parse_message(message)
    except etree.XMLSyntaxError as error:
        raise SignatureInvalid(f"malformed XML: {error}") from error
    signature = root.find(_SIGNATURE_TAG)
    if signature is None:
        raise SignatureInvalid("the message has no ds:Signature in its root")
    reference = signature.find("ds:SignedInfo/ds:Reference", _DS)
    if reference is None or reference.get("URI") != "":
        raise SignatureInvalid('the signature must reference the whole message (URI="")')
    from signxml import XMLVerifier
    from signxml.exceptions import SignXMLException

    certificate = _signing_certificate(signature, trusted_certificate_pem)
    try:
        XMLVerifier().verify(root, x509_cert=certificate, expect_config=_verify_config())
    except SignXMLException as error:
        raise SignatureInvalid(f"signature check failed: {error}") from error
    return certificate


def _signing_certificate(
    signature: etree._Element, trusted_certificate_pem: bytes | None
) -> x509.Certificate:
    from cryptography import x509

    try:
        if trusted_certificate_pem is not None:
            return x509.load_pem_x509_certificate(trusted_certificate_pem)
        embedded = signature.find(_CERTIFICATE_PATH, _DS)
        if embedded is None or not (embedded.text or "").strip():
            raise SignatureInvalid("the signature carries no X509Certificate")
        return x509.load_der_x509_certificate(base64.b64decode("".join(embedded.text.split())))
    except (ValueError, TypeError) as error:
        raise SignatureInvalid(f"unreadable certificate: {error}") from error


def generate_development_keypair(directory: Path | str) -> tuple[Path, Path]:
    """Create an RSA 2048 key and a self-signed certificate (10 years) for development.

    Writes ``customs-signing-key.pem`` (unencrypted, mode 0600) and ``customs-signing-cert.pem``
    into ``directory`` (created if needed) and returns their paths. When both files already exist
    they are kept as they are, so running it again does not change the signing identity.
    Customs only accepts certificates issued by the e-port data centre: never use these for real.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder = Path(directory)
    key_path, cert_path = folder / DEVELOPMENT_KEY_FILE, folder / DEVELOPMENT_CERT_FILE
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Chenzhou cross-border storefront"),
            x509.NameAttribute(NameOID.COMMON_NAME, "customs signer (development only)"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(key_pem)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
