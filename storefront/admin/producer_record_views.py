"""Operator pages: a producer's record beyond its status: complaints (they count in its credit
record) and the negative list (``/<locale>/admin/producers/<id>/...``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from catalog.listings.ownership import NotOwned, owned_producer
from catalog.listings.problems import ListingRefused
from catalog.negative_list import put_on, take_off
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.complaints import file_complaint
from storefront.admin.forms import ComplaintForm, NegativeListForm
from storefront.admin.producer_page import render_producer_page
from storefront.coop.labels import problem_text
from storefront.errors import render_http_error
from storefront.extensions import db

bp = Blueprint(
    "admin_producer_record",
    __name__,
    url_prefix="/<locale:locale>/admin/producers",
    template_folder="templates",
)


@bp.errorhandler(NotOwned)
def not_found(_error: NotOwned):
    return render_http_error(NotFound())


def _back(producer_id: int, anchor: str):
    return redirect(
        url_for("admin_producers.producer_detail", producer_id=producer_id, _anchor=anchor), 303
    )


def _refused_at_fields(form, refused: ListingRefused, fallback: str) -> None:
    """Each problem's sentence at its field (``fallback`` when the form has no such field)."""
    for problem in refused.problems:
        field = getattr(form, problem.field, None) or getattr(form, fallback)
        field.errors = [*field.errors, problem_text(problem)]


@bp.post("/<int:producer_id>/complaints")
@role_required(UserRole.OPERATOR)
def complaint_file(producer_id: int):
    producer = owned_producer(db.session, producer_id)
    form = ComplaintForm(prefix="complaint")
    if not form.validate_on_submit():
        return render_producer_page(producer, 400, complaint_form=form)
    try:
        file_complaint(
            db.session,
            producer_id,
            text=form.text.data or "",
            order_number=form.order_number.data or "",
            actor_user_id=current_user.id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        producer = owned_producer(db.session, producer_id)
        _refused_at_fields(form, refused, "text")
        return render_producer_page(producer, 400, complaint_form=form)
    db.session.commit()
    flash(_("The complaint is recorded; it counts in the producer's credit record."), "success")
    return _back(producer_id, "complaints")


def _negative_list_change(producer_id: int, change, message: str):
    producer = owned_producer(db.session, producer_id)
    form = NegativeListForm(prefix="negative")
    if not form.validate_on_submit():
        return render_producer_page(producer, 400, negative_form=form)
    try:
        change(
            db.session, producer_id, reason=form.reason.data or "", actor_user_id=current_user.id
        )
    except ListingRefused as refused:
        db.session.rollback()
        producer = owned_producer(db.session, producer_id)
        _refused_at_fields(form, refused, "reason")
        return render_producer_page(producer, 400, negative_form=form)
    db.session.commit()
    flash(message, "success")
    return _back(producer_id, "negative-list")


@bp.post("/<int:producer_id>/negative-list")
@role_required(UserRole.OPERATOR)
def negative_list_add(producer_id: int):
    return _negative_list_change(
        producer_id,
        put_on,
        _("On the negative list: its products have left the shop and take no new orders."),
    )


@bp.post("/<int:producer_id>/negative-list/remove")
@role_required(UserRole.OPERATOR)
def negative_list_remove(producer_id: int):
    return _negative_list_change(
        producer_id,
        take_off,
        _("Taken off the negative list: its published products are back in the shop."),
    )
