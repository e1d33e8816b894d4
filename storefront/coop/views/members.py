"""The cooperative's members: the owner invites staff by e-mail, withdraws invitations and
removes staff; everyone sees who belongs."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from catalog.listings.problems import ListingRefused
from catalog.locales import BABEL_IDENTIFIERS
from catalog.models import Producer
from storefront.accounts.memberships import (
    invite,
    members_of,
    pending_invitations,
    remove_member,
    revoke_invitation,
)
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import InviteForm
from storefront.coop.views.common import flash_refused, form_errors
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.i18n import current_locale
from storefront.mail import send_mail
from storefront.templating import localized

log = logging.getLogger(__name__)


@bp.get("/members/")
@portal_page()
def member_list():
    member = current_member()
    return render_template(
        "coop/members.html",
        members=members_of(db.session, member.producer_id),
        invitations=pending_invitations(db.session, member.producer_id),
        form=InviteForm(),
        button=CsrfOnlyForm(),
        is_owner=member.is_owner,
    )


@bp.post("/members/invite")
@portal_page(Permission.OWNER)
def member_invite():
    member = current_member()
    form = InviteForm()
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(url_for("coop.member_list"), 303)
    try:
        issued = invite(db.session, member.producer_id, member.user_id, form.email.data or "")
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return redirect(url_for("coop.member_list"), 303)
    db.session.commit()
    link = url_for("coop_joining.invitation", token=issued.token, _external=True)
    try:
        _send_invitation(issued.invitation.email, link, member.producer_id)
    except Exception:  # the invitation stands; the owner can send a new one
        log.exception("invitation e-mail for producer %s could not be sent", member.producer_id)
    flash(_("The invitation is sent to %(email)s.", email=issued.invitation.email), "success")
    return redirect(url_for("coop.member_list"), 303)


def _send_invitation(email: str, link: str, producer_id: int) -> None:
    producer = db.session.get(Producer, producer_id)
    locale = current_locale()
    with force_locale(BABEL_IDENTIFIERS.get(locale, "en")):
        name = localized(producer).name if producer else ""
        send_mail(
            to=email,
            subject=_("Invitation to join %(name)s on Chenzhou Specialties", name=name),
            body=_(
                "You are invited to join %(name)s in the cooperative portal of Chenzhou "
                "Specialties. Sign in (or create an account) with this e-mail address, then open "
                "this link within 7 days:\n%(link)s",
                name=name,
                link=link,
            ),
        )


@bp.post("/members/invitations/<int:invitation_id>/revoke")
@portal_page(Permission.OWNER)
def invitation_revoke(invitation_id: int):
    member = current_member()
    if CsrfOnlyForm().validate_on_submit():
        revoke_invitation(db.session, member.producer_id, member.user_id, invitation_id)
        db.session.commit()
        flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("coop.member_list"), 303)


@bp.post("/members/<int:member_id>/remove")
@portal_page(Permission.OWNER)
def member_remove(member_id: int):
    member = current_member()
    if CsrfOnlyForm().validate_on_submit():
        try:
            remove_member(db.session, member.producer_id, member.user_id, member_id)
        except ListingRefused as refused:
            db.session.rollback()
            flash_refused(refused)
            return redirect(url_for("coop.member_list"), 303)
        db.session.commit()
        flash(_("The member is removed."), "success")
    return redirect(url_for("coop.member_list"), 303)
