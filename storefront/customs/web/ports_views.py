"""Operator page: destination port codes (POD) per arrival country, built in and recorded.

A declaration blocked for its destination port names this page; the operator records the code
from customs' port parameter table with where it was read, then resubmits the declaration.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from catalog.eligibility import DESTINATION_COUNTRIES
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.customs.declarations.destination_ports import (
    PortRefused,
    destination_ports,
    record_port,
    recorded_ports,
)
from storefront.customs.messages.port_codes import PORT_CODES, PORT_SOURCES
from storefront.customs.web import labels
from storefront.customs.web.forms import PortForm
from storefront.customs.web.views import _actor, bp
from storefront.extensions import db


def _page(form: PortForm):
    ports = destination_ports(db.session)
    return render_template(
        "customs/destination_ports.html",
        form=form,
        built_in=PORT_CODES,
        sources=PORT_SOURCES,
        recorded={row.country: row for row in recorded_ports(db.session)},
        missing=[country for country in DESTINATION_COUNTRIES if country not in ports],
        countries=DESTINATION_COUNTRIES,
        ports=ports,
    )


@bp.get("/ports")
@role_required(UserRole.OPERATOR)
def destination_port_list():
    return _page(PortForm())


@bp.post("/ports")
@role_required(UserRole.OPERATOR)
def record_destination_port():
    form = PortForm()
    if not form.validate_on_submit():
        return _page(form), 400  # what was typed stays in the form
    try:
        row = record_port(
            db.session,
            country=form.country.data or "",
            code=form.code.data or "",
            name=form.name.data or "",
            source=form.source.data or "",
            actor=_actor(),
        )
    except PortRefused as refused:
        db.session.rollback()
        form.code.errors = [str(labels.PORT_REFUSALS.get(refused.reason, refused.reason))]
        return _page(form), 400
    db.session.commit()
    flash(
        _(
            "Port %(code)s recorded for %(country)s: resubmit the blocked declarations.",
            code=row.code,
            country=row.country,
        ),
        "success",
    )
    return redirect(url_for(".declaration_list", status="blocked"))
