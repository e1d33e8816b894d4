"""The customs adapter of the test app (paid orders and folders: tests/storefront/conftest.py)."""

from __future__ import annotations

import pytest

from storefront.customs import customs_adapter


@pytest.fixture
def adapter(app):
    return customs_adapter(app)
