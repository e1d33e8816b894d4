"""Validation of CEB messages against the official XSDs, when a schema directory is configured.

The caller passes the directory (in the app: ``STOREFRONT_CUSTOMS_XSD_DIR``); with ``None`` the
validator does nothing and only the project's own checks stand guard. The schema for a message is
the ``*.xsd`` file of the directory that declares its root element; ``xmldsig-core-schema.xsd`` is
always taken from the same directory, never from the network. Compiled schemas are cached per
file for the life of the process (compiling the export XSD takes far longer than validating a
message), so replacing the XSD files needs a restart.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lxml import etree

from storefront.customs.messages.exceptions import SchemaConfigurationError, SchemaValidationError
from storefront.customs.messages.message_xml import message_type_of, parse_message

XSD_DIR_ENV_VAR: Final = "STOREFRONT_CUSTOMS_XSD_DIR"
XMLDSIG_SCHEMA_FILE: Final = "xmldsig-core-schema.xsd"
_XS: Final = "{http://www.w3.org/2001/XMLSchema}"


class _LocalSchemaResolver(etree.Resolver):
    """Answers any request for the XML-DSig schema with the copy in the schema directory."""

    def __init__(self, xmldsig_path: Path) -> None:
        super().__init__()
        self._xmldsig_path = xmldsig_path

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> object:
        if system_url and system_url.rsplit("/", 1)[-1] == XMLDSIG_SCHEMA_FILE:
            return self.resolve_filename(str(self._xmldsig_path), context)
        return None


@dataclass(frozen=True, slots=True)
class _CompiledSchema:
    schema: etree.XMLSchema
    lock: threading.Lock  # an XMLSchema keeps its error log on itself: one validation at a time


@functools.lru_cache(maxsize=16)
def _compile(xsd_path: Path) -> _CompiledSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemaResolver(xsd_path.parent / XMLDSIG_SCHEMA_FILE))
    try:
        document = etree.parse(str(xsd_path), parser)
        return _CompiledSchema(etree.XMLSchema(document), threading.Lock())
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        raise SchemaConfigurationError(f"cannot compile {xsd_path}: {error}") from error


@functools.lru_cache(maxsize=4)
def _declared_messages(xsd_dir: Path) -> dict[str, Path]:
    """Map each top-level ``CEBnnnMessage`` element to the XSD file in ``xsd_dir`` declaring it."""
    declared: dict[str, Path] = {}
    for path in sorted(xsd_dir.glob("*.xsd")):
        if path.name == XMLDSIG_SCHEMA_FILE:
            continue
        for element in etree.parse(str(path), etree.XMLParser(no_network=True)).getroot():
            if element.tag == f"{_XS}element":
                element_name = element.get("name", "")
                if element_name.startswith("CEB") and element_name.endswith("Message"):
                    declared.setdefault(element_name, path)
    return declared


class SchemaValidator:
    """Validates message bytes against the XSDs of one directory (or not at all, if ``None``)."""

    def __init__(self, xsd_dir: Path | str | None) -> None:
        self._dir = Path(xsd_dir).resolve() if xsd_dir else None
        if self._dir is not None:
            if not self._dir.is_dir():
                raise SchemaConfigurationError(f"customs XSD directory not found: {self._dir}")
            if not (self._dir / XMLDSIG_SCHEMA_FILE).is_file():
                raise SchemaConfigurationError(f"{XMLDSIG_SCHEMA_FILE} missing in {self._dir}")
        self._declared = _declared_messages(self._dir) if self._dir is not None else {}

    @property
    def enabled(self) -> bool:
        """Whether a schema directory is configured."""
        return self._dir is not None

    def validate(self, message: bytes) -> None:
        """Raise ``SchemaValidationError`` listing every violation; do nothing when disabled."""
        if self._dir is None:
            return
        try:
            root = parse_message(message)
        except etree.XMLSyntaxError as error:
            raise SchemaValidationError("unparsable message", (str(error),)) from error
        message_type = message_type_of(root)
        compiled = self._schema_for(message_type)
        with compiled.lock:
            valid = compiled.schema.validate(root)
            errors = tuple(
                f"line {entry.line}: {entry.message}" for entry in compiled.schema.error_log
            )
        if not valid:
            raise SchemaValidationError(message_type, errors)

    def _schema_for(self, message_type: str) -> _CompiledSchema:
        xsd_path = self._declared.get(message_type)
        if xsd_path is None:
            raise SchemaConfigurationError(f"no XSD in {self._dir} declares {message_type}")
        return _compile(xsd_path)
