"""Reading and writing CEB message XML: the namespace, a hardened parser, UTF-8 output."""

from __future__ import annotations

from typing import Final

from lxml import etree

CEB_NAMESPACE: Final = "http://www.chinaport.gov.cn/ceb"
XMLDSIG_NAMESPACE: Final = "http://www.w3.org/2000/09/xmldsig#"
_DECLARATION: Final = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def ceb_tag(name: str) -> str:
    """Clark notation of a CEB element name (``{http://www.chinaport.gov.cn/ceb}name``)."""
    return f"{{{CEB_NAMESPACE}}}{name}"


def hardened_parser() -> etree.XMLParser:
    """A parser that never fetches anything and never expands entities (no XXE, no network)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_message(data: bytes) -> etree._Element:
    """Parse message bytes with the hardened parser; raises ``etree.XMLSyntaxError``."""
    return etree.fromstring(data, parser=hardened_parser())


def serialize_message(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, as the customs client software expects."""
    return _DECLARATION + etree.tostring(root, encoding="utf-8")


def message_type_of(root: etree._Element) -> str:
    """Local name of the root element, e.g. ``CEB303Message``."""
    return etree.QName(root).localname
