from __future__ import annotations

import pytest

from tests.storefront.admin.reference import sign_in_operator


@pytest.fixture
def operator(client, db_session):
    sign_in_operator(client, db_session)
