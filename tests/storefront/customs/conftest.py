"""The customs adapter of the test app (paid orders and folders: tests/storefront/conftest.py)."""

from __future__ import annotations

import pytest

from storefront.customs import customs_adapter


@pytest.fixture
def adapter(app):
    return customs_adapter(app)


def take_out_builtin_port(monkeypatch, country: str) -> None:
    """Remove ``country`` from the built-in POD table for one test (the operator's path)."""
    from types import MappingProxyType

    from storefront.customs.declarations import destination_ports
    from storefront.customs.web import ports_views

    without = MappingProxyType(
        {code: row for code, row in destination_ports.PORT_CODES.items() if code != country}
    )
    monkeypatch.setattr(destination_ports, "PORT_CODES", without)
    monkeypatch.setattr(ports_views, "PORT_CODES", without)


@pytest.fixture
def saudi_arabia_without_port(monkeypatch):
    """The built-in table covers Saudi Arabia; take it out to walk the operator's path."""
    take_out_builtin_port(monkeypatch, "SA")
