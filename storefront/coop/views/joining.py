"""Becoming a member: a buyer applies for a cooperative, or accepts an owner's invitation.

Both need a signed-in account (the sign-in page comes back here); nothing else of the portal is
reachable before the account belongs to a producer.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.listings.problems import ListingRefused
from catalog.models import Producer
from storefront.accounts.memberships import (
    accept_invitation,
    apply_as_producer,
    invitation_for_token,
)
from storefront.accounts.models import UserRole
from storefront.coop.blueprint import joining_bp
from storefront.coop.labels import problem_texts
from storefront.coop.views.common import form_errors
from storefront.coop.views.home import application_form, application_from
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.templating import localized


@joining_bp.route("/apply", methods=["GET", "POST"])
@login_required
def apply():
    if current_user.role is UserRole.COOP_MEMBER:
        return redirect(url_for("coop.home"))
    if current_user.role is not UserRole.BUYER:
        abort(403)
    form = application_form(request.form if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                apply_as_producer(db.session, current_user, application_from(form))
            except ListingRefused as refused:
                db.session.rollback()
                errors = problem_texts(refused.problems)
            else:
                db.session.commit()
                flash(
                    _(
                        "Your application is sent. The zone operator will approve it "
                        "or tell you why not."
                    ),
                    "success",
                )
                return redirect(url_for("coop.home"), 303)
        else:
            errors = form_errors(form)
    return render_template("coop/apply.html", form=form, errors=errors), (400 if errors else 200)


@joining_bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str):
    found = invitation_for_token(db.session, token)
    errors: list[str] = []
    if request.method == "POST" and found is not None and CsrfOnlyForm().validate_on_submit():
        try:
            accept_invitation(db.session, token, current_user)
        except ListingRefused as refused:
            db.session.rollback()
            errors = problem_texts(refused.problems)
        else:
            db.session.commit()
            flash(_("Welcome: you are now a member of your cooperative's portal."), "success")
            return redirect(url_for("coop.home"), 303)
    producer = db.session.get(Producer, found.producer_id) if found is not None else None
    producer_name = localized(producer).name if producer is not None else ""
    return render_template(
        "coop/invitation.html",
        invitation=found,
        producer_name=producer_name,
        form=CsrfOnlyForm(),
        errors=errors,
    ), (404 if found is None else 400 if errors else 200)
