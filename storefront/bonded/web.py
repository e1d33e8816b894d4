"""The blueprints of the bonded pickup: shop and orders, the showroom counter, the operator's
pages, the goods' pictures. Their routes live in ``shop_views``, ``checkout_views``,
``counter_views`` and ``admin_views``; ``blueprints()`` imports those and returns them all."""

from __future__ import annotations

from flask import Blueprint

shop_bp = Blueprint(
    "bonded", __name__, url_prefix="/<locale:locale>/bonded", template_folder="templates"
)
counter_bp = Blueprint(
    "showroom", __name__, url_prefix="/<locale:locale>/showroom", template_folder="templates"
)
admin_bp = Blueprint(
    "bonded_admin",
    __name__,
    url_prefix="/<locale:locale>/admin/bonded",
    template_folder="templates",
)
pictures_bp = Blueprint("bonded_pictures", __name__, url_prefix="/pictures/bonded")


def blueprints() -> tuple[Blueprint, ...]:
    from storefront.bonded import (  # noqa: F401  (the routes register themselves)
        admin_views,
        checkout_views,
        counter_views,
        goods_table_views,
        shop_views,
        showroom_views,
    )

    return (shop_bp, counter_bp, admin_bp, pictures_bp)
