"""XSD validation: configured or not, errors reported, schemas cached and resolved locally."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from storefront.customs.messages import schema as schema_module
from storefront.customs.messages.builders import build_inventory
from storefront.customs.messages.documents import InventoryDocument, Sender
from storefront.customs.messages.exceptions import SchemaConfigurationError, SchemaValidationError
from storefront.customs.messages.message_xml import CEB_NAMESPACE, serialize_message
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import PemSigner

NS = {"ceb": CEB_NAMESPACE}
W3C_XMLDSIG_XSD = "http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd"


def test_without_directory_nothing_is_validated() -> None:
    validator = SchemaValidator(None)
    assert not validator.enabled
    validator.validate(b"not even xml")


def test_missing_directory_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaConfigurationError, match="not found"):
        SchemaValidator(tmp_path / "nowhere")


def test_directory_without_xmldsig_schema_is_refused(tmp_path: Path, xsd_dir: Path) -> None:
    shutil.copy(xsd_dir / "ceb-export-202205.xsd", tmp_path)
    with pytest.raises(SchemaConfigurationError, match="xmldsig-core-schema.xsd"):
        SchemaValidator(tmp_path)


def test_missing_required_element_is_reported(
    inventory: InventoryDocument, sender: Sender, validator: SchemaValidator
) -> None:
    root = etree.fromstring(build_inventory(inventory, sender))
    gcode = root.find(".//ceb:InventoryList/ceb:gcode", NS)
    assert gcode is not None
    gcode.getparent().remove(gcode)
    with pytest.raises(SchemaValidationError) as raised:
        validator.validate(serialize_message(root))
    assert raised.value.message_type == "CEB603Message"
    assert any("gname" in error and "gcode" in error for error in raised.value.errors)


def test_element_order_matters(
    inventory: InventoryDocument, sender: Sender, validator: SchemaValidator
) -> None:
    root = etree.fromstring(build_inventory(inventory, sender))
    head = root.find(".//ceb:InventoryHead", NS)
    assert head is not None
    port_code = head.find("ceb:portCode", NS)
    ie_flag = head.find("ceb:ieFlag", NS)
    assert port_code is not None and ie_flag is not None
    ie_flag.addprevious(port_code)  # portCode before ieFlag: wrong order
    with pytest.raises(SchemaValidationError):
        validator.validate(serialize_message(root))


def test_unparsable_message(validator: SchemaValidator) -> None:
    with pytest.raises(SchemaValidationError, match="unparsable"):
        validator.validate(b"<ceb:CEB303Message")


def test_message_without_schema(validator: SchemaValidator) -> None:
    message = f'<CEB999Message xmlns="{CEB_NAMESPACE}" guid="x" version="1.0"/>'.encode()
    with pytest.raises(SchemaConfigurationError, match="CEB999Message"):
        validator.validate(message)


def test_schema_is_chosen_by_root_element(validator: SchemaValidator, samples_dir: Path) -> None:
    # an import message validates against the import XSD of the same directory
    validator.validate((samples_dir / "import/CEB311Message.xml").read_bytes())


def test_sloppy_official_export_sample_is_caught(
    validator: SchemaValidator, samples_dir: Path
) -> None:
    with pytest.raises(SchemaValidationError, match="BaseTransfer"):
        validator.validate((samples_dir / "export/CEB303Message.xml").read_bytes())


def test_compiled_schemas_are_cached(xsd_dir: Path) -> None:
    path = (xsd_dir / "ceb-export-202205.xsd").resolve()
    assert schema_module._compile(path) is schema_module._compile(path)


def test_xmldsig_import_resolves_locally_even_from_a_url(
    tmp_path: Path,
    xsd_dir: Path,
    inventory: InventoryDocument,
    sender: Sender,
    signer: PemSigner,
) -> None:
    for xsd in xsd_dir.glob("*.xsd"):
        shutil.copy(xsd, tmp_path)
    export_xsd = tmp_path / "ceb-export-202205.xsd"
    text = export_xsd.read_text(encoding="utf-8")
    assert 'schemaLocation="xmldsig-core-schema.xsd"' in text
    export_xsd.write_text(
        text.replace(
            'schemaLocation="xmldsig-core-schema.xsd"', f'schemaLocation="{W3C_XMLDSIG_XSD}"'
        ),
        encoding="utf-8",
    )
    # no network is used: the URL is answered with the local copy
    SchemaValidator(tmp_path).validate(signer.sign(build_inventory(inventory, sender)))
