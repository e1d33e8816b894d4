"""Operator pages: producers' applications and status (``/<locale>/admin/producers/``).

The operator approves or refuses an application (with a reason), suspends an approved
producer (with a reason: its listings leave the shop at once, its members keep read access)
and reinstates it; and decides brand authorisation requests for any brand. How a producer's
export lists are declared (statisticsFlag A/B) stays on the customs page, linked from here.
The producer's page also shows its credit record, negative-list history and complaints
(``producer_page.py``); complaints and the negative list are changed in
``producer_record_views.py``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from catalog.brand_authorisations import decide, requests_to_decide
from catalog.listings.ownership import NotOwned, owned_producer
from catalog.listings.problems import ListingRefused
from catalog.models import Producer, ProducerStatus
from catalog.producers import (
    decide_application,
    list_producers,
    reinstate,
    suspend,
)
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.credit import credit_records
from storefront.admin.producer_page import render_producer_page
from storefront.coop.forms import DecisionForm, ReasonForm
from storefront.coop.labels import PRODUCER_STATUSES, problem_texts
from storefront.errors import render_http_error
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm

bp = Blueprint(
    "admin_producers",
    __name__,
    url_prefix="/<locale:locale>/admin/producers",
    template_folder="templates",
)


@bp.errorhandler(NotOwned)
def not_found(_error: NotOwned):
    return render_http_error(NotFound())


def _status_filter() -> ProducerStatus | None:
    try:
        return ProducerStatus(request.args.get("status", ""))
    except ValueError:
        return None


@bp.get("/")
@role_required(UserRole.OPERATOR)
def producer_list():
    status = _status_filter()
    producers = list_producers(db.session, status)
    return render_template(
        "admin/producer_list.html",
        producers=producers,
        credit=credit_records(db.session, [producer.id for producer in producers]),
        status=status,
        statuses=list(ProducerStatus),
        status_labels=PRODUCER_STATUSES,
        brand_requests=len(requests_to_decide(db.session, None)),
    )


@bp.get("/<int:producer_id>")
@role_required(UserRole.OPERATOR)
def producer_detail(producer_id: int):
    producer = owned_producer(db.session, producer_id)
    return _render_detail(producer)


def _render_detail(producer: Producer, status: int = 200):
    return render_producer_page(producer, status)


def _decided(producer_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin_producers.producer_detail", producer_id=producer_id), 303)


def _refused(producer_id: int, refused: ListingRefused):
    db.session.rollback()
    for text in problem_texts(refused.problems):
        flash(text, "error")
    return redirect(url_for("admin_producers.producer_detail", producer_id=producer_id), 303)


@bp.post("/<int:producer_id>/approve")
@role_required(UserRole.OPERATOR)
def producer_approve(producer_id: int):
    owned_producer(db.session, producer_id)
    if not CsrfOnlyForm().validate_on_submit():
        return redirect(url_for("admin_producers.producer_detail", producer_id=producer_id), 303)
    try:
        decide_application(
            db.session, producer_id, approve=True, reason="", actor_user_id=current_user.id
        )
    except ListingRefused as refused:
        return _refused(producer_id, refused)
    return _decided(producer_id, _("Approved: the producer may publish its listings."))


def _with_reason(producer_id: int, action, message: str):
    producer = owned_producer(db.session, producer_id)
    form = ReasonForm()
    if not form.validate_on_submit():  # the message at the field, what was typed kept
        return render_producer_page(producer, 400, reason_form=form)
    try:
        action(form.reason.data or "")
    except ListingRefused as refused:
        return _refused(producer_id, refused)
    return _decided(producer_id, message)


@bp.post("/<int:producer_id>/refuse")
@role_required(UserRole.OPERATOR)
def producer_refuse(producer_id: int):
    return _with_reason(
        producer_id,
        lambda reason: decide_application(
            db.session, producer_id, approve=False, reason=reason, actor_user_id=current_user.id
        ),
        _("Refused: the applicant sees your reason and may correct the application."),
    )


@bp.post("/<int:producer_id>/suspend")
@role_required(UserRole.OPERATOR)
def producer_suspend(producer_id: int):
    return _with_reason(
        producer_id,
        lambda reason: suspend(
            db.session, producer_id, reason=reason, actor_user_id=current_user.id
        ),
        _("Suspended: its listings have left the shop; its members can only read."),
    )


@bp.post("/<int:producer_id>/reinstate")
@role_required(UserRole.OPERATOR)
def producer_reinstate(producer_id: int):
    owned_producer(db.session, producer_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            reinstate(db.session, producer_id, actor_user_id=current_user.id)
        except ListingRefused as refused:
            return _refused(producer_id, refused)
        return _decided(producer_id, _("Reinstated: its published listings are back in the shop."))
    return redirect(url_for("admin_producers.producer_detail", producer_id=producer_id), 303)


@bp.get("/brand-requests")
@role_required(UserRole.OPERATOR)
def brand_requests():
    pending = requests_to_decide(db.session, None)
    return render_template(
        "admin/brand_requests.html",
        requests=pending,
        producers={
            item.producer_id: db.session.get(Producer, item.producer_id) for item in pending
        },
        forms={item.id: DecisionForm(prefix=f"r{item.id}") for item in pending},
    )


@bp.post("/brand-requests/<int:request_id>")
@role_required(UserRole.OPERATOR)
def brand_request_decide(request_id: int):
    form = DecisionForm(prefix=f"r{request_id}")
    target = url_for("admin_producers.brand_requests")
    if not form.validate_on_submit():
        flash(_("Choose a decision."), "error")
        return redirect(target, 303)
    try:
        decide(
            db.session,
            None,
            request_id,
            approve=form.decision.data == "approve",
            reason=form.reason.data or "",
            decided_by_id=current_user.id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        for text in problem_texts(refused.problems):
            flash(text, "error")
        return redirect(target, 303)
    db.session.commit()
    flash(_("Your decision is recorded."), "success")
    return redirect(target, 303)
