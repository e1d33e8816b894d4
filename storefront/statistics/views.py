"""The operator's statistics dashboard (``/<locale>/admin/statistics/``) and its CSV download."""

from __future__ import annotations

import csv
import io
from datetime import date

from babel.lists import format_list
from flask import Blueprint, Response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.coop.labels import PRODUCT_CLASSES
from storefront.extensions import db
from storefront.i18n import country_name, current_locale, select_babel_locale
from storefront.preferences.visitor import shop_today
from storefront.statistics import labels
from storefront.statistics.charts import bar_chart
from storefront.statistics.figures import DashboardFigures, dashboard_figures
from storefront.statistics.goal import goal_progress, goal_year
from storefront.statistics.monthly import month_facts
from storefront.statistics.periods import LONGEST_RANGE_DAYS, DateRange, default_range

bp = Blueprint(
    "admin_statistics",
    __name__,
    url_prefix="/<locale:locale>/admin/statistics",
    template_folder="templates",
)


def _parse_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def parse_range(args, today: date) -> tuple[DateRange, dict[str, str], dict[str, str]]:
    """The range asked for (or the default), what was typed, and a message per bad field."""
    fallback = default_range(today)
    typed = {name: str(args.get(name, ""))[:20] for name in ("from", "to")}
    errors: dict[str, str] = {}
    days = {}
    for name, default in (("from", fallback.start), ("to", fallback.end)):
        if not typed[name].strip():
            days[name] = default
            continue
        day = _parse_day(typed[name])
        if day is None or not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            errors[name] = _("Enter a date as YYYY-MM-DD.")
            days[name] = default
        else:
            days[name] = day
    if not errors and days["to"] < days["from"]:
        errors["to"] = _("The end date is on or after the start date.")
    elif not errors and (days["to"] - days["from"]).days > LONGEST_RANGE_DAYS:
        errors["to"] = _("Choose at most ten years.")
    if errors:
        return fallback, typed, errors
    return DateRange(days["from"], days["to"]), typed, errors


def _figures(period: DateRange, facts=None) -> DashboardFigures:
    locale = current_locale()
    classes = {key.value: str(label) for key, label in PRODUCT_CLASSES.items()}
    return dashboard_figures(
        db.session,
        period,
        locale,
        class_labels=classes,
        country_labels=_CountryNames(locale),
        facts=facts,
    )


class _CountryNames(dict):
    """Country names from CLDR, looked up as the figures need them."""

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale

    def get(self, code, default=None):  # type: ignore[override]
        return country_name(code, self.locale) or default


def _rows(shares):
    return [(share.label, share.value, share.value) for share in shares]


@bp.get("/")
@role_required(UserRole.OPERATOR)
def dashboard():
    today = shop_today()
    period, typed, errors = parse_range(request.args, today)
    # The default period is the goal's year: its facts are read once for both.
    facts = month_facts(db.session, period) if period == goal_year(period.end) else None
    figures = _figures(period, facts)
    goal = goal_progress(db.session, period.end, current_locale(), facts)
    charts = {
        "export_months": bar_chart(
            [(m.month, m.export_value, m.export_value) for m in figures.months]
        ),
        "bonded_months": bar_chart(
            [(m.month, m.bonded_value, m.bonded_value) for m in figures.months]
        ),
        "orders_months": bar_chart(
            [
                (m.month, m.export_orders + m.bonded_orders, m.export_orders + m.bonded_orders)
                for m in figures.months
            ]
        ),
        "county": bar_chart(_rows(figures.by_county)),
        "class": bar_chart(_rows(figures.by_class)),
        "destination": bar_chart(_rows(figures.by_destination)),
    }
    return render_template(
        "statistics/dashboard.html",
        figures=figures,
        goal=goal,
        charts=charts,
        typed=typed,
        errors=errors,
        labels=labels,
        period=period,
        number=format_decimal,
        missing_months=format_list(goal.usd_missing, locale=select_babel_locale()),
    )


def _safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def figures_csv(figures: DashboardFigures) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "label", "value", "unit"])
    for m in figures.months:
        writer.writerow(["export_value_by_month", m.month, m.month, m.export_value, "CNY"])
        writer.writerow(["bonded_import_value_by_month", m.month, m.month, m.bonded_value, "CNY"])
        writer.writerow(["export_orders_by_month", m.month, m.month, m.export_orders, "orders"])
        writer.writerow(["bonded_orders_by_month", m.month, m.month, m.bonded_orders, "orders"])
        writer.writerow(["buyers_by_month", m.month, m.month, m.buyers, "buyers"])
    for section, shares in (
        ("export_value_by_county", figures.by_county),
        ("export_value_by_product_class", figures.by_class),
        ("export_value_by_destination", figures.by_destination),
    ):
        for share in shares:
            writer.writerow([section, share.key, _safe_cell(share.label), share.value, "CNY"])
    for release in figures.release:
        key = release.channel.value
        writer.writerow(["customs_lists_sent", key, key, release.lists_sent, "lists"])
        writer.writerow(["customs_lists_released", key, key, release.released, "lists"])
        writer.writerow(["customs_release_rate", key, key, release.release_rate or "", "%"])
        writer.writerow(["customs_hours_to_release", key, key, release.average_hours or "", "h"])
    writer.writerow(["buyers", "", "", figures.buyers, "buyers"])
    return out.getvalue()


@bp.get("/statistics.csv")
@role_required(UserRole.OPERATOR)
def download_csv():
    period, _typed, _errors = parse_range(request.args, shop_today())
    body = figures_csv(_figures(period))
    name = f"statistics-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
