"""Bonded-import O2O pickup (1210) in the shop: pages, services, commands.

``storefront.pickup`` holds the rules (plain Python); this package is what uses them with the
order flow: the bonded shop and checkout (``shop_views``, ``checkout_views``), the showroom
counter (``counter_views``), the operator's goods pages (``admin_views``), the services behind
them (``quotes``, ``placement``, ``customs_outcomes``, ``counter``, ``closing``, ``slots``,
``retention``, ``payment_data``) and ``flask pickup ...`` (``cli``). ``init_app`` sets up the
personal-data vault before the customs adapter is built (it seals the orderer's ID number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from flask import Flask

from storefront.exceptions import ConfigurationError
from storefront.pickup.personal_data import (
    PersonalDataKeyError,
    PersonalDataVault,
    development_key,
)
from storefront.pickup.tax import Limits

VAULT_KEY: Final = "personal_data_vault"


def init_app(app: Flask) -> None:
    """The vault (key from ``PICKUP_ID_KEY``; a development key in ``instance/`` outside
    production, never in production), the limits, and the ``flask pickup`` commands."""
    key = str(app.config.get("PICKUP_ID_KEY") or "").strip()
    if not key:
        if app.config["ENV"] == "production":
            raise ConfigurationError(
                "set STOREFRONT_PICKUP_ID_KEY (32 random bytes, URL-safe base64: "
                "python -c 'import base64, secrets; "
                "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')"
            )
        key = development_key(Path(app.config["PICKUP_ID_KEY_FILE"]))
    try:
        app.extensions[VAULT_KEY] = PersonalDataVault(key)
    except PersonalDataKeyError as error:
        raise ConfigurationError(str(error)) from error
    pickup_limits(app)
    from storefront.bonded import labels
    from storefront.bonded.cli import pickup_cli

    app.jinja_env.globals["bonded_labels"] = labels
    app.cli.add_command(pickup_cli)


def vault_of(app: Flask) -> PersonalDataVault:
    return app.extensions[VAULT_KEY]


def pickup_limits(app: Flask) -> Limits:
    limits = Limits(
        per_order=app.config["PICKUP_ORDER_LIMIT"], per_year=app.config["PICKUP_ANNUAL_LIMIT"]
    )
    if not 0 < limits.per_order <= limits.per_year:
        raise ConfigurationError("PICKUP_ORDER_LIMIT must be positive and at most the annual one")
    return limits
