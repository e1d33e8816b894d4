"""Customs declarations (9610 export today): messages, exchange folder, declarations, web pages.

``messages/`` is pure (code tables, documents, builders, signing, schema, receipts, the channel
table); ``declarations/`` holds the declarations, their state machine and what they mean for
orders; ``exchange/`` moves them through the exchange folder (outbox, dispatcher, receiver,
simulator); ``web/`` is the operator console. This module is the Flask seam: ``init_app`` reads
the ``CUSTOMS_*`` settings from ``app.config`` once, keeps the adapter in
``app.extensions["customs"]`` and registers the ``flask customs`` commands; ``customs_adapter(app)``
returns that adapter, which callers hand to the order services (``OrderDeclarations``).
"""

from __future__ import annotations

from flask import Flask

from storefront.customs.adapter import EXTENSION_KEY, CustomsAdapter, customs_adapter
from storefront.customs.cli import customs_cli
from storefront.customs.settings import CustomsSettings
from storefront.exceptions import ConfigurationError
from storefront.pickup.personal_data import PersonalDataVault


def personal_data_vault(app: Flask) -> PersonalDataVault | None:
    """The vault the bonded pickup set up (``storefront.bonded.init_app``), if it runs."""
    return app.extensions.get("personal_data_vault")


__all__ = ["CustomsAdapter", "customs_adapter", "init_app"]


def init_app(app: Flask) -> None:
    settings = CustomsSettings.from_mapping(app.config)
    if not settings.allow_development_keys:  # production: refuse to start without the real key
        for path in (settings.key_path, settings.certificate_path):
            if not path.is_file():
                raise ConfigurationError(
                    f"customs signing file missing: {path} (CUSTOMS_SIGNING_*)"
                )
    app.extensions[EXTENSION_KEY] = CustomsAdapter(settings, vault=personal_data_vault(app))
    app.cli.add_command(customs_cli)
