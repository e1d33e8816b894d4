"""Operator page: destination port codes (POD) per arrival country, built in and recorded.

A declaration blocked for its destination port names this page; the operator records the code
from customs' port parameter table with where it was read, then resubmits the declaration.
The page is a reference table (storefront/admin/tables.py): one row per country, filters by
country and by where the code comes from, a row opens to record or correct its code, the last
row records a country that has none.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, Regexp

from catalog.eligibility import DESTINATION_COUNTRIES
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.tables import (
    NEW_ROW,
    Column,
    EditableTable,
    FilterForm,
    RowRefused,
    TableRow,
    posted_row_key,
    read_filters,
    row_code_of,
    row_form,
    save_row,
    table_rows,
)
from storefront.customs.declarations.destination_ports import (
    PortRefused,
    destination_ports,
    forget_port,
    record_port,
    recorded_ports,
)
from storefront.customs.messages.port_codes import PORT_CODES, PORT_SOURCES
from storefront.customs.web import labels
from storefront.customs.web.forms import PortForm
from storefront.customs.web.views import _actor, bp
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm, strip
from storefront.i18n import country_name

ORIGINS = {
    "missing": _l("Without a code"),
    "recorded": _l("Recorded by an operator"),
    "built_in": _l("Built in"),
}


class PortRowForm(PortForm):
    """A country's row: its code, the port's name, where the code was read (country fixed)."""

    country = None  # the row names the country


class PortFilters(FilterForm):
    country = StringField(
        _l("Country (ISO code)"),
        filters=[strip],
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Write the country as its two-letter code.")),
        ],
        render_kw={"dir": "ltr", "size": 4},
    )
    origin = SelectField(_l("Code"), validators=[Optional()])


def _filters() -> PortFilters:
    form = PortFilters(formdata=None)
    form.origin.choices = [SelectChoice("", _("Every country"))] + [
        SelectChoice(key, str(label)) for key, label in ORIGINS.items()
    ]
    return read_filters(form)


COLUMNS = (
    Column("country", _l("Country")),
    Column("code", _l("Port code (POD)"), code=True),
    Column("name", _l("Port name")),
    Column("source", _l("Source")),
)


def _rows(ports: dict[str, str], recorded: dict, chosen: dict) -> list[dict]:
    countries = list(DESTINATION_COUNTRIES) + sorted(set(recorded) - set(DESTINATION_COUNTRIES))
    rows = []
    for country in countries:
        origin = (
            "recorded" if country in recorded else "built_in" if country in ports else "missing"
        )
        if chosen.get("country") and country != chosen["country"].upper():
            continue
        if chosen.get("origin") and origin != chosen["origin"]:
            continue
        rows.append({"country": country, "origin": origin, "row": recorded.get(country)})
    return rows


def _cells(item: dict) -> tuple[object, ...]:
    country, row = item["country"], item["row"]
    built_in = PORT_CODES.get(country) if item["origin"] == "built_in" else None
    if row is not None:
        name = row.name
        source = _("Recorded by %(who)s", who=row.recorded_by) + ": " + row.source
    elif built_in is not None:
        name = built_in.name_zh
        source = _("Built in") + ": " + ", ".join(built_in.source_keys)
    else:
        name, source = "", _("No code yet: declarations to this country wait.")
    code = row.code if row is not None else built_in.code if built_in is not None else "—"
    return (f"{country} {country_name(country)}", code, name, source)


def _port_form(item: dict, key: str) -> PortRowForm:
    row = item["row"]
    built_in = PORT_CODES.get(item["country"]) if item["origin"] == "built_in" else None
    if row is not None:
        return row_form(PortRowForm, key, code=row.code, name=row.name, source=row.source)
    if built_in is not None:
        return row_form(PortRowForm, key, code=built_in.code, name=built_in.name_zh)
    return row_form(PortRowForm, key)


def _page(editing: tuple[str, FlaskForm] | None = None, status: int = 200):
    filters = _filters()
    chosen = filters.active()
    args = filters.query_args()
    ports = destination_ports(db.session)
    recorded = {row.country: row for row in recorded_ports(db.session)}
    items = _rows(ports, recorded, chosen)
    new_form = (
        editing[1]
        if editing and editing[0] == NEW_ROW
        else row_form(PortForm, NEW_ROW, country=chosen.get("country", ""))
    )
    table = EditableTable(
        id="port-table",
        caption=_("Destination ports"),
        columns=COLUMNS,
        rows=table_rows(
            items,
            key_of=lambda item: item["country"],
            cells=_cells,
            name=lambda item: country_name(item["country"]),
            editing=editing if editing and editing[0] != NEW_ROW else None,
            form_for=_port_form,
            edit_url=lambda country: url_for(".destination_port_list", edit=country, **args),
            delete_url=lambda country: (
                url_for(".forget_destination_port", country=country, **args)
                if country in recorded
                else ""
            ),
        ),
        save_url=url_for(".record_destination_port", **args),
        cancel_url=url_for(".destination_port_list", **args),
        new_row=TableRow(key=NEW_ROW, cells=("",) * len(COLUMNS), name="", form=new_form),
        total=len(DESTINATION_COUNTRIES) + len(set(recorded) - set(DESTINATION_COUNTRIES)),
    )
    return render_template(
        "customs/destination_ports.html",
        table=table,
        filters=filters,
        clear_url=url_for(".destination_port_list"),
        sources=PORT_SOURCES,
        missing=[country for country in DESTINATION_COUNTRIES if country not in ports],
    ), status


@bp.get("/ports")
@role_required(UserRole.OPERATOR)
def destination_port_list():
    return _page()


@bp.post("/ports")
@role_required(UserRole.OPERATOR)
def record_destination_port():
    key = posted_row_key(by_code=True)
    if key is None:
        abort(400)
    country = row_code_of(key)
    form = row_form(PortForm if key == NEW_ROW else PortRowForm, key, posted=True)

    def save() -> None:
        try:
            record_port(
                db.session,
                country=country or form.country.data or "",
                code=form.code.data or "",
                name=form.name.data or "",
                source=form.source.data or "",
                actor=_actor(),
            )
        except PortRefused as refused:
            field = "country" if refused.reason == "unknown_country" and not country else "code"
            message = labels.PORT_REFUSALS.get(refused.reason, refused.reason)
            raise RowRefused(field, str(message)) from refused

    if not save_row(form, save, first_field="code"):
        return _page((key, form), 400)  # what was typed stays in the row
    saved_country = (country or form.country.data or "").upper()
    flash(
        _(
            "Port %(code)s recorded for %(country)s: resubmit the blocked declarations.",
            code=(form.code.data or "").strip().upper(),
            country=saved_country,
        ),
        "success",
    )
    return redirect(url_for(".declaration_list", status="blocked"))


@bp.post("/ports/<country>/delete")
@role_required(UserRole.OPERATOR)
def forget_destination_port(country: str):
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    if not forget_port(db.session, country):
        abort(404)
    db.session.commit()
    flash(_("The recorded code is removed: the built-in one, if any, applies again."), "success")
    return redirect(url_for(".destination_port_list", **_filters().query_args()), 303)
