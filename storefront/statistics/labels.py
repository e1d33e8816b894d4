"""Words of the statistics pages, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from catalog.models import ProductChannel
from storefront.statistics.goal import ModeStatus

CHANNELS = {
    ProductChannel.EXPORT: _l("Export (9610)"),
    ProductChannel.BONDED: _l("Bonded import (1210)"),
}

MODE_STATUSES = {
    ModeStatus.RUNNING: _l("Running"),
    ModeStatus.IDLE: _l("Built, no orders in these twelve months"),
    ModeStatus.PARTLY: _l("Partly"),
    ModeStatus.NOT_RUN: _l("Not run by the platform"),
}

MODES = {
    "advantage_industries": _l(
        "Export channel for leading industries: the counties' specialties go abroad as retail "
        "parcels (9610); no industrial enterprises yet."
    ),
    "premium_imports": _l(
        "Premium consumer imports: bonded stock (1210) collected at the showroom."
    ),
    "rural_produce": _l("Rural produce sold abroad by the counties' cooperatives."),
    "wholesale_markets": _l("Wholesale markets (B2B): not offered."),
    "big_data": _l(
        "Big data: these statistics, the development index and the partner API; no data centre."
    ),
    "culture_tourism": _l("Culture and tourism goods: not offered."),
    "9610": _l("Direct retail export, parcels declared one by one."),
    "1210": _l("Bonded stock import, collected at the showroom."),
    "9710": _l("Business-to-business direct export."),
    "9810": _l("Export to overseas warehouses."),
    "mail": _l("International postal items declared as such."),
    "express": _l("International express items declared as such."),
}
