"""The shop's information pages: delivery (from the rules and rates), returns, contact, terms,
privacy. Routes on the shop blueprint."""

from __future__ import annotations

from flask import render_template

from storefront.extensions import db
from storefront.i18n import country_name
from storefront.shop.delivery import SAMPLE_WEIGHT_G, delivery_table
from storefront.shop.views import bp

INFO_PAGES = ("delivery", "returns", "contact", "terms", "privacy")


@bp.get("/delivery")
def delivery():
    table = sorted(delivery_table(db.session), key=lambda row: country_name(row.country))
    return render_template(
        "shop/info_delivery.html", table=table, sample_kg=SAMPLE_WEIGHT_G // 1000
    )


@bp.get("/returns")
def returns():
    return render_template("shop/info_returns.html")


@bp.get("/contact")
def contact():
    return render_template("shop/info_contact.html")


@bp.get("/terms")
def terms():
    return render_template("shop/info_terms.html")


@bp.get("/privacy")
def privacy():
    return render_template("shop/info_privacy.html")
