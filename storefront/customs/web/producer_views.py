"""Operator page: how each producer's export lists are declared (statisticsFlag A or B), and
each producer's monthly export tax-refund data (CSV)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.models import CustomsStatisticsFlag, Producer
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.customs.declarations.summaries import InvalidMonth, parse_month
from storefront.customs.declarations.tax_refund import tax_refund_csv, tax_refund_lines
from storefront.customs.messages.wire_format import CHINA_TIME
from storefront.customs.web.forms import StatisticsFlagForm
from storefront.customs.web.views import bp
from storefront.extensions import db


@bp.get("/producers")
@role_required(UserRole.OPERATOR)
def producer_flags():
    producers = db.session.scalars(select(Producer).order_by(Producer.code)).all()
    return render_template(
        "customs/producer_flags.html",
        producers=producers,
        forms={
            producer.id: StatisticsFlagForm(flag=producer.customs_statistics_flag.value)
            for producer in producers
        },
        flags=CustomsStatisticsFlag,
        last_month=_last_month(),
    )


def _last_month() -> str:
    first = datetime.now(CHINA_TIME).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


@bp.post("/producers/<int:producer_id>/flag")
@role_required(UserRole.OPERATOR)
def set_producer_flag(producer_id: int):
    producer = db.session.get(Producer, producer_id)
    if producer is None:
        abort(404)
    form = StatisticsFlagForm()
    if not form.validate_on_submit():
        flash(_("Choose A or B."), "error")
        return redirect(url_for(".producer_flags"))
    producer.customs_statistics_flag = CustomsStatisticsFlag(form.flag.data)
    db.session.commit()
    flash(_("Saved: lists declared from now on use this setting."), "success")
    return redirect(url_for(".producer_flags"))


@bp.get("/producers/<int:producer_id>/tax-refund.csv")
@role_required(UserRole.OPERATOR)
def tax_refund_download(producer_id: int):
    producer = db.session.get(Producer, producer_id)
    if producer is None:
        abort(404)
    text = request.args.get("month", "").strip()
    try:
        year, month = parse_month(text)
    except InvalidMonth:
        flash(_("Write the month as YYYY-MM."), "error")
        return redirect(url_for(".producer_flags"))
    lines = tax_refund_lines(db.session, producer.id, year, month)
    name = f"tax-refund-{producer.code}-{year:04d}-{month:02d}.csv"
    return Response(
        tax_refund_csv(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
