"""Settings are typed once, when the environment is read."""

from decimal import Decimal

import pytest

from storefront.config import environment_overrides
from storefront.exceptions import ConfigurationError


def test_numbers_switches_and_lists_take_the_type_of_their_default():
    overrides = environment_overrides(
        {
            "STOREFRONT_RESERVATION_MINUTES": " 20 ",
            "STOREFRONT_MAIL_SMTP_TLS": "false",
            "STOREFRONT_SUPPORTED_LOCALES": "en, fr",
            "STOREFRONT_MAIL_SENDER": "Shop <shop@example.org>",
            "STOREFRONT_CUSTOMS_PACKAGING_FACTOR": "1.2",
            "UNRELATED": "ignored",
        }
    )
    assert overrides == {
        "RESERVATION_MINUTES": 20,
        "MAIL_SMTP_TLS": False,
        "SUPPORTED_LOCALES": ("en", "fr"),
        "MAIL_SENDER": "Shop <shop@example.org>",
        "CUSTOMS_PACKAGING_FACTOR": Decimal("1.2"),
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STOREFRONT_RESERVATION_MINUTES", "fifteen"),
        ("STOREFRONT_PAGE_CACHE_SECONDS", "1.5"),
        ("STOREFRONT_MAIL_SMTP_TLS", "maybe"),
        ("STOREFRONT_CUSTOMS_PACKAGING_FACTOR", "NaN"),
        ("STOREFRONT_CUSTOMS_PACKAGING_FACTOR", "heavy"),
    ],
)
def test_a_value_that_does_not_fit_refuses_to_start_and_names_the_variable(name, value):
    with pytest.raises(ConfigurationError, match=name):
        environment_overrides({name: value})


def test_the_database_url_uses_the_psycopg_driver():
    overrides = environment_overrides({"STOREFRONT_DATABASE_URL": "postgres://u@h/db"})
    assert overrides == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db"}
