"""Operator page: how each producer's export lists are declared (statisticsFlag A or B)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog.models import CustomsStatisticsFlag, Producer
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
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
    )


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
