"""The public development index page (``/<locale>/development-index/``), in six languages."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template
from flask_babel import format_decimal

from storefront.extensions import db
from storefront.preferences.visitor import shop_today
from storefront.statistics.charts import line_chart
from storefront.statistics.development_index import BASE, compute_index, monthly_inputs

bp = Blueprint(
    "development_index", __name__, url_prefix="/<locale:locale>", template_folder="templates"
)


@bp.get("/development-index/")
def index_page():
    current = shop_today().strftime("%Y-%m")
    points = compute_index(monthly_inputs(db.session, current))
    published = [p for p in points if p.index is not None]
    chart = (
        line_chart([(p.month, p.index, format_decimal(p.index)) for p in published], BASE)
        if published
        else None
    )
    return render_template(
        "statistics/development_index.html",
        points=list(reversed(published)),
        chart=chart,
        current=current,
        base=published[0] if published else None,
        number=format_decimal,
        zero=Decimal(0),
    )
