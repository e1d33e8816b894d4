"""Enveloped XML-DSig: signed messages stay schema-valid, verify, and tampering is detected."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from lxml import etree

from storefront.customs.messages.builders import (
    build_export_order,
    build_inventory,
    build_inventory_cancel,
    build_summary,
)
from storefront.customs.messages.documents import (
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    Sender,
    SummaryDocument,
)
from storefront.customs.messages.exceptions import SignatureInvalid, SigningError
from storefront.customs.messages.message_xml import (
    CEB_NAMESPACE,
    XMLDSIG_NAMESPACE,
    serialize_message,
)
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import (
    PemSigner,
    generate_development_keypair,
    verify_signature,
)

NS = {"ceb": CEB_NAMESPACE, "ds": XMLDSIG_NAMESPACE}
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
C14N_1_0 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


@pytest.fixture
def signed_inventory(inventory: InventoryDocument, sender: Sender, signer: PemSigner) -> bytes:
    return signer.sign(build_inventory(inventory, sender))


def local_names(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def test_every_signed_message_is_schema_valid_and_verifies(
    order: ExportOrderDocument,
    inventory: InventoryDocument,
    cancel: InventoryCancelDocument,
    summary: SummaryDocument,
    sender: Sender,
    signer: PemSigner,
    validator: SchemaValidator,
) -> None:
    for unsigned in (
        build_export_order(order, sender),
        build_inventory(inventory, sender),
        build_inventory_cancel(cancel, sender),
        build_summary(summary, sender),
    ):
        signed = signer.sign(unsigned)
        validator.validate(signed)
        assert verify_signature(signed) == signer.certificate


def test_signature_follows_the_spec(signed_inventory: bytes, signer: PemSigner) -> None:
    root = etree.fromstring(signed_inventory)
    assert local_names(root) == ["Inventory", "BaseTransfer", "Signature"]
    signature = root.find("ds:Signature", NS)
    assert signature is not None
    assert signature.find("ds:SignedInfo/ds:CanonicalizationMethod", NS).get("Algorithm") == (
        C14N_1_0
    )
    assert signature.find("ds:SignedInfo/ds:SignatureMethod", NS).get("Algorithm") == RSA_SHA1
    reference = signature.find("ds:SignedInfo/ds:Reference", NS)
    assert reference.get("URI") == ""
    transforms = [t.get("Algorithm") for t in reference.findall("ds:Transforms/ds:Transform", NS)]
    assert transforms == [ENVELOPED]
    assert signature.find("ds:KeyInfo/ds:KeyName", NS).text == format(
        signer.certificate.serial_number, "X"
    )
    assert signature.find("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS) is not None


def test_signature_is_checkable_without_signxml(signed_inventory: bytes, signer: PemSigner) -> None:
    """What customs computes: SHA-1 of the C14N message without the signature, and RSA-SHA1 over
    the C14N SignedInfo in its document context."""
    root = etree.fromstring(signed_inventory)
    signature = root.find("ds:Signature", NS)
    digest_value = signature.find(".//ds:DigestValue", NS).text
    signed_info = etree.tostring(signature.find("ds:SignedInfo", NS), method="c14n")
    signature_value = base64.b64decode(signature.find("ds:SignatureValue", NS).text)
    signer.certificate.public_key().verify(
        signature_value, signed_info, padding.PKCS1v15(), hashes.SHA1()
    )
    root.remove(signature)
    digest = hashlib.sha1(etree.tostring(root, method="c14n")).digest()
    assert base64.b64encode(digest).decode() == digest_value


def test_verification_against_a_trusted_certificate(
    signed_inventory: bytes, signing_files: tuple[Path, Path], tmp_path: Path
) -> None:
    _key_path, cert_path = signing_files
    assert verify_signature(signed_inventory, cert_path.read_bytes())
    _other_key, other_cert = generate_development_keypair(tmp_path)
    with pytest.raises(SignatureInvalid, match="signature check failed"):
        verify_signature(signed_inventory, other_cert.read_bytes())


@pytest.mark.parametrize(
    ("original", "forged"),
    [
        (b"<ceb:grossWeight>1.6<", b"<ceb:grossWeight>1.5<"),
        (b"<ceb:gcode>1602399100<", b"<ceb:gcode>1602399900<"),
        (b"<ceb:dxpId>DXPENT0000466001<", b"<ceb:dxpId>DXPENT0000466002<"),
    ],
)
def test_tampered_message_fails(signed_inventory: bytes, original: bytes, forged: bytes) -> None:
    assert original in signed_inventory
    with pytest.raises(SignatureInvalid, match="Digest mismatch"):
        verify_signature(signed_inventory.replace(original, forged))


def test_tampered_signature_value_fails(signed_inventory: bytes) -> None:
    root = etree.fromstring(signed_inventory)
    value = root.find("ds:Signature/ds:SignatureValue", NS)
    raw = bytearray(base64.b64decode(value.text))
    raw[10] ^= 0xFF
    value.text = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(SignatureInvalid):
        verify_signature(serialize_message(root))


def test_unsigned_or_broken_messages_fail(
    inventory: InventoryDocument, sender: Sender, signed_inventory: bytes
) -> None:
    with pytest.raises(SignatureInvalid, match="no ds:Signature"):
        verify_signature(build_inventory(inventory, sender))
    with pytest.raises(SignatureInvalid, match="malformed"):
        verify_signature(signed_inventory[:-40])
    root = etree.fromstring(signed_inventory)
    root.find("ds:Signature/ds:SignedInfo/ds:Reference", NS).set("URI", "#other")
    with pytest.raises(SignatureInvalid, match='URI=""'):
        verify_signature(serialize_message(root))


def test_signature_goes_before_extend_message(
    inventory: InventoryDocument, sender: Sender, signer: PemSigner, validator: SchemaValidator
) -> None:
    root = etree.fromstring(build_inventory(inventory, sender))
    extend = etree.SubElement(root, f"{{{CEB_NAMESPACE}}}ExtendMessage")
    for name, value in (("name", "czx"), ("version", "1.0")):
        etree.SubElement(extend, f"{{{CEB_NAMESPACE}}}{name}").text = value
    etree.SubElement(
        etree.SubElement(extend, f"{{{CEB_NAMESPACE}}}Message"), "channel"
    ).text = "web"
    signed = signer.sign(serialize_message(root))
    assert local_names(etree.fromstring(signed)) == [
        "Inventory",
        "BaseTransfer",
        "Signature",
        "ExtendMessage",
    ]
    validator.validate(signed)
    verify_signature(signed)


def test_signing_twice_or_garbage_is_refused(signed_inventory: bytes, signer: PemSigner) -> None:
    with pytest.raises(SigningError, match="already signed"):
        signer.sign(signed_inventory)
    with pytest.raises(SigningError, match="malformed"):
        signer.sign(b"<CEB303Message>")


def test_key_and_certificate_must_match(tmp_path: Path, signing_files: tuple[Path, Path]) -> None:
    key_path, _cert_path = signing_files
    _other_key, other_cert = generate_development_keypair(tmp_path)
    with pytest.raises(SigningError, match="does not belong"):
        PemSigner.from_files(key_path, other_cert)


def test_only_rsa_keys_are_accepted(signing_files: tuple[Path, Path]) -> None:
    _key_path, cert_path = signing_files
    ec_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(SigningError, match="RSA"):
        PemSigner(ec_key, cert_path.read_bytes())
    with pytest.raises(SigningError, match="cannot load"):
        PemSigner(b"not a key", cert_path.read_bytes())


def test_development_keypair(tmp_path: Path) -> None:
    key_path, cert_path = generate_development_keypair(tmp_path / "instance" / "customs")
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert key.key_size == 2048
    signer = PemSigner.from_files(key_path, cert_path)
    assert "development only" in signer.certificate.subject.rfc4514_string()
    # running it again keeps the identity
    before = cert_path.read_bytes()
    assert generate_development_keypair(tmp_path / "instance" / "customs") == (key_path, cert_path)
    assert cert_path.read_bytes() == before
