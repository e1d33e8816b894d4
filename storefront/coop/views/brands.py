"""Brands: the cooperative's authorisations and requests; for a brand's steward, the requests to
decide and the producers it authorised."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from catalog.brand_authorisations import (
    authorised_producer_ids,
    decide,
    request_authorisation,
    requestable_brands,
    requests_of_producer,
    requests_to_decide,
    revoke,
    stewarded_brands,
)
from catalog.listings.editing import brand_choices
from catalog.listings.ownership import NotOwned
from catalog.listings.problems import ListingRefused
from catalog.models import Producer
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import BrandRequestForm, DecisionForm, ReasonForm
from storefront.coop.views.common import flash_refused, form_errors
from storefront.extensions import db
from storefront.templating import localized


def _request_form() -> BrandRequestForm:
    member = current_member()
    form = BrandRequestForm()
    form.brand_id.choices = [SelectChoice("", _("Choose a brand"))] + [
        SelectChoice(str(brand.id), localized(brand).name)
        for brand in requestable_brands(db.session, member.producer_id)
    ]
    return form


@bp.get("/brands/")
@portal_page()
def brand_list():
    member = current_member()
    stewarded = stewarded_brands(db.session, member.producer_id)
    authorised = {
        brand.id: [
            db.session.get(Producer, producer_id)
            for producer_id in authorised_producer_ids(db.session, member.producer_id, brand.id)
        ]
        for brand in stewarded
    }
    to_decide = requests_to_decide(db.session, member.producer_id)
    return render_template(
        "coop/brands.html",
        authorised=brand_choices(db.session, member.producer_id),
        requests=requests_of_producer(db.session, member.producer_id),
        request_form=_request_form(),
        stewarded=stewarded,
        authorised_producers=authorised,
        to_decide=to_decide,
        decision_forms={item.id: DecisionForm(prefix=f"r{item.id}") for item in to_decide},
        revoke_form=ReasonForm(),
        producers={
            item.producer_id: db.session.get(Producer, item.producer_id) for item in to_decide
        },
    )


@bp.post("/brands/requests")
@portal_page(Permission.ACT)
def brand_request():
    member = current_member()
    form = _request_form()
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(url_for("coop.brand_list"), 303)
    try:
        request_authorisation(
            db.session,
            member.producer_id,
            int(form.brand_id.data),
            message=form.message.data or "",
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return redirect(url_for("coop.brand_list"), 303)
    db.session.commit()
    flash(_("Your request is sent to the brand's steward."), "success")
    return redirect(url_for("coop.brand_list"), 303)


@bp.post("/brands/requests/<int:request_id>/decide")
@portal_page(Permission.ACT)
def brand_decide(request_id: int):
    member = current_member()
    # Another steward's request (or one decided already) is a 404, before anything else.
    if request_id not in {item.id for item in requests_to_decide(db.session, member.producer_id)}:
        raise NotOwned(request_id)
    form = DecisionForm(prefix=f"r{request_id}")
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(url_for("coop.brand_list"), 303)
    try:
        decide(
            db.session,
            member.producer_id,
            request_id,
            approve=form.decision.data == "approve",
            reason=form.reason.data or "",
            decided_by_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return redirect(url_for("coop.brand_list"), 303)
    db.session.commit()
    flash(_("Your decision is recorded."), "success")
    return redirect(url_for("coop.brand_list"), 303)


@bp.post("/brands/<int:brand_id>/producers/<int:producer_id>/revoke")
@portal_page(Permission.ACT)
def brand_revoke(brand_id: int, producer_id: int):
    member = current_member()
    if producer_id not in authorised_producer_ids(db.session, member.producer_id, brand_id):
        raise NotOwned(producer_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(url_for("coop.brand_list"), 303)
    try:
        count = revoke(
            db.session,
            member.producer_id,
            brand_id,
            producer_id,
            reason=form.reason.data or "",
            decided_by_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return redirect(url_for("coop.brand_list"), 303)
    db.session.commit()
    flash(
        ngettext(
            "The authorisation has ended; %(num)d of their products left the shop.",
            "The authorisation has ended; %(num)d of their products left the shop.",
            count,
        ),
        "success",
    )
    return redirect(url_for("coop.brand_list"), 303)
