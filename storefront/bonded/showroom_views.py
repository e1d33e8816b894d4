"""Operator page: showrooms and their pickup slots (``/<locale>/admin/bonded/showrooms``).

Two reference tables (storefront/admin/tables.py) on one page: the showrooms (hours in China
time, slot length and size, preparation time, pickup window, active), each row edited in place
(``?edit=<id>``); and the pickup slots, filtered by showroom and China day, whose capacity the
operator changes (``?slot=<id>``), never below the places already booked.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.tables import (
    Column,
    EditableTable,
    FilterForm,
    RowRefused,
    posted_row,
    read_filters,
    row_form,
    row_id_of,
    save_row,
    table_rows,
)
from storefront.bonded.web import admin_bp
from storefront.extensions import db
from storefront.forms import Parsed
from storefront.pickup.showroom_admin import (
    InvalidShowroom,
    count_slots,
    list_showrooms,
    list_slots,
    save_showroom_times,
    set_slot_capacity,
)
from storefront.pickup.showrooms import CHINA, PickupSlot, Showroom

SLOTS_SHOWN = 300
DEFAULT_DAYS = 3


def china_today() -> date:
    return datetime.now(CHINA).date()


TIME = _l("A time such as 09:30 (China time).")
REFUSALS = {
    "hours": _l("Closing comes after opening."),
    "slot_minutes": _l("A slot lasts 10 to 600 minutes."),
    "slot_longer_than_day": _l("A slot cannot be longer than the opening hours."),
    "capacity": _l("From 1 to 500 buyers."),
    "preparation": _l("From 0 to 10,080 minutes (a week)."),
    "window": _l("From 1 to 60 days."),
    "below_booked": _l("Fewer places than buyers already booked: at least the booked number."),
}


def _whole(label, low: int, high: int, message) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(message=message),
            NumberRange(min=low, max=high, message=message),
        ],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )


class ShowroomForm(FlaskForm):
    opens_at = TimeField(
        _l("Opens at"), validators=[Parsed(TIME), InputRequired(message=TIME)], format="%H:%M"
    )
    closes_at = TimeField(
        _l("Closes at"), validators=[Parsed(TIME), InputRequired(message=TIME)], format="%H:%M"
    )
    slot_minutes = _whole(_l("Slot length (minutes)"), 10, 600, REFUSALS["slot_minutes"])
    slot_capacity = _whole(_l("Buyers per slot"), 1, 500, REFUSALS["capacity"])
    preparation_minutes = _whole(_l("Preparation (minutes)"), 0, 10_080, REFUSALS["preparation"])
    pickup_window_days = _whole(_l("Pickup window (days)"), 1, 60, REFUSALS["window"])
    is_active = BooleanField(_l("Active"))


class SlotForm(FlaskForm):
    capacity = _whole(_l("Capacity"), 1, 500, REFUSALS["capacity"])


class SlotFilters(FilterForm):
    showroom = SelectField(_l("Showroom"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Parsed(_l("A date such as 2026-12-04.")), Optional()])
    until = DateField(
        _l("Until"), validators=[Parsed(_l("A date such as 2026-12-04.")), Optional()]
    )


SHOWROOM_COLUMNS = (
    Column("code", _l("Showroom"), code=True),
    Column("opens_at", _l("Opens at")),
    Column("closes_at", _l("Closes at")),
    Column("slot_minutes", _l("Slot length (minutes)"), numeric=True),
    Column("slot_capacity", _l("Buyers per slot"), numeric=True),
    Column("preparation_minutes", _l("Preparation (minutes)"), numeric=True),
    Column("pickup_window_days", _l("Pickup window (days)"), numeric=True),
    Column("is_active", _l("Active")),
)
SLOT_COLUMNS = (
    Column("showroom", _l("Showroom"), code=True),
    Column("starts_at", _l("Starts (China time)")),
    Column("booked", _l("Booked"), numeric=True),
    Column("capacity", _l("Capacity"), numeric=True),
)


def _showroom_cells(showroom: Showroom) -> tuple[object, ...]:
    return (
        showroom.code,
        showroom.opens_at.strftime("%H:%M"),
        showroom.closes_at.strftime("%H:%M"),
        showroom.slot_minutes,
        showroom.slot_capacity,
        showroom.preparation_minutes,
        showroom.pickup_window_days,
        _("Yes") if showroom.is_active else _("No"),
    )


def _slot_cells(slot: PickupSlot, codes: dict[int, str]) -> tuple[object, ...]:
    return (
        codes.get(slot.showroom_id, ""),
        format_datetime(slot.starts_at, "EEE d MMM y HH:mm"),
        slot.booked,
        slot.capacity,
    )


def _filters(showrooms: list[Showroom]) -> SlotFilters:
    form = SlotFilters(formdata=None)
    form.showroom.choices = [SelectChoice("", _("All showrooms"))] + [
        SelectChoice(str(showroom.id), showroom.code) for showroom in showrooms
    ]
    return read_filters(form)


def _page(
    editing: tuple[str, FlaskForm] | None = None,
    slot_editing: tuple[str, FlaskForm] | None = None,
    status: int = 200,
):
    showrooms = list_showrooms(db.session)
    codes = {showroom.id: showroom.code for showroom in showrooms}
    filters = _filters(showrooms)
    chosen = filters.active()
    args = filters.query_args()
    if not filters.since.raw_data and not filters.until.raw_data:
        # Without a choice, the next few China days: a page, not two weeks of slots.
        filters.since.data = china_today()
        filters.until.data = china_today() + timedelta(days=DEFAULT_DAYS - 1)
    slots = list_slots(
        db.session,
        showroom_id=int(chosen["showroom"]) if "showroom" in chosen else None,
        since=chosen.get("since") or filters.since.data,
        until=chosen.get("until") or filters.until.data,
        limit=SLOTS_SHOWN,
    )
    showroom_table = EditableTable(
        id="showrooms",
        caption=_("Showrooms"),
        columns=SHOWROOM_COLUMNS,
        rows=table_rows(
            showrooms,
            key_of=lambda showroom: showroom.id,
            cells=_showroom_cells,
            name=lambda showroom: showroom.code,
            editing=editing,
            form_for=lambda showroom, key: row_form(ShowroomForm, key, obj=showroom),
            edit_url=lambda showroom_id: url_for(".showroom_list", edit=showroom_id, **args),
        ),
        save_url=url_for(".showroom_save", **args),
        cancel_url=url_for(".showroom_list", **args),
        total=len(showrooms),
    )
    slot_table = EditableTable(
        id="slots",
        caption=_("Pickup slots"),
        columns=SLOT_COLUMNS,
        rows=table_rows(
            slots,
            key_of=lambda slot: slot.id,
            cells=lambda slot: _slot_cells(slot, codes),
            name=lambda slot: format_datetime(slot.starts_at, "d MMM HH:mm"),
            editing=slot_editing,
            form_for=lambda slot, key: row_form(SlotForm, key, capacity=slot.capacity),
            edit_url=lambda slot_id: url_for(".showroom_list", slot=slot_id, **args),
            edit_param="slot",
            fetch=lambda key: db.session.get(PickupSlot, row_id_of(key)),
        ),
        save_url=url_for(".slot_save", **args),
        cancel_url=url_for(".showroom_list", **args),
        total=count_slots(db.session),
    )
    return render_template(
        "bonded/admin_showrooms.html",
        showroom_table=showroom_table,
        slot_table=slot_table,
        filters=filters,
        clear_url=url_for(".showroom_list"),
        limit=SLOTS_SHOWN,
    ), status


@admin_bp.get("/showrooms")
@role_required(UserRole.OPERATOR)
def showroom_list():
    return _page()


def _refusing(save):
    def run() -> None:
        try:
            save()
        except InvalidShowroom as refused:
            raise RowRefused(refused.field, str(REFUSALS[refused.reason])) from refused

    return run


@admin_bp.post("/showrooms")
@role_required(UserRole.OPERATOR)
def showroom_save():
    key, showroom = posted_row(db.session, Showroom, new_allowed=False)
    form = row_form(ShowroomForm, key, posted=True)
    saved = save_row(
        form,
        _refusing(
            lambda: save_showroom_times(
                db.session,
                showroom,
                opens_at=form.opens_at.data,
                closes_at=form.closes_at.data,
                slot_minutes=form.slot_minutes.data,
                slot_capacity=form.slot_capacity.data,
                preparation_minutes=form.preparation_minutes.data,
                pickup_window_days=form.pickup_window_days.data,
                is_active=bool(form.is_active.data),
            )
        ),
        first_field="opens_at",
    )
    if not saved:
        return _page(editing=(key, form), status=422)
    flash(_("The showroom is saved: new slots follow its hours."), "success")
    return redirect(
        url_for(".showroom_list", **_filters(list_showrooms(db.session)).query_args()), 303
    )


@admin_bp.post("/slots")
@role_required(UserRole.OPERATOR)
def slot_save():
    key, slot = posted_row(db.session, PickupSlot, new_allowed=False)
    form = row_form(SlotForm, key, posted=True)
    saved = save_row(
        form,
        _refusing(lambda: set_slot_capacity(db.session, slot, form.capacity.data)),
        first_field="capacity",
    )
    if not saved:
        return _page(slot_editing=(key, form), status=422)
    flash(_("The slot's capacity is saved."), "success")
    return redirect(
        url_for(".showroom_list", **_filters(list_showrooms(db.session)).query_args()), 303
    )
