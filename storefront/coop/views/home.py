"""The portal's home page and the cooperative's own application."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from catalog.listings.ownership import owned_producer
from catalog.listings.problems import ListingRefused
from catalog.models import County, ProducerKind, ProducerStatus
from catalog.producers import Application, application_of, resubmit_application, status_history
from storefront.coop.access import current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.dashboard import portal_home
from storefront.coop.forms import ApplicationForm
from storefront.coop.labels import problem_texts
from storefront.extensions import db
from storefront.shop import labels as shop_labels
from storefront.templating import localized


@bp.get("/")
@portal_page()
def home():
    member = current_member()
    return render_template("coop/home.html", home=portal_home(db.session, member.producer_id))


def application_form(formdata=None, application: Application | None = None) -> ApplicationForm:
    form = ApplicationForm(formdata=formdata, obj=application)
    if formdata is None and application is not None:
        form.county_id.data = str(application.county_id)
        form.kind.data = application.kind.value
    form.kind.choices = [
        SelectChoice(kind.value, shop_labels.PRODUCER_KINDS[kind]) for kind in ProducerKind
    ]
    counties = db.session.scalars(select(County).order_by(County.position, County.code)).all()
    form.county_id.choices = [SelectChoice("", _("Choose the county"))] + [
        SelectChoice(str(county.id), localized(county).name) for county in counties
    ]
    return form


def application_from(form: ApplicationForm) -> Application:
    county = form.county_id.data or ""
    return Application(
        name_zh=form.name_zh.data or "",
        name_en=form.name_en.data or "",
        kind=ProducerKind(form.kind.data),
        uscc=form.uscc.data or "",
        customs_code=form.customs_code.data or "",
        county_id=int(county) if county.isdigit() and len(county) < 10 else 0,
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        description=form.description.data or "",
    )


@bp.route("/application", methods=["GET", "POST"])
@portal_page()
def application():
    """The cooperative's data as it applied; correct it (and send it again when refused)."""
    member = current_member()
    producer = owned_producer(db.session, member.producer_id)
    editable = member.is_owner and producer.status in (
        ProducerStatus.PENDING,
        ProducerStatus.REFUSED,
    )
    form = application_form(
        request.form if request.method == "POST" else None, application_of(producer)
    )
    errors: list[str] = []
    if request.method == "POST":
        if not editable:
            flash(_("Only your cooperative's owner may do this."), "error")
            return redirect(url_for("coop.application"), 303)
        if form.validate_on_submit():
            try:
                resubmit_application(
                    db.session,
                    member.producer_id,
                    application_from(form),
                    actor_user_id=member.user_id,
                )
            except ListingRefused as refused:
                db.session.rollback()
                errors = problem_texts(refused.problems)
            else:
                db.session.commit()
                flash(_("Your application is saved and waits for the zone operator."), "success")
                return redirect(url_for("coop.application"), 303)
    return render_template(
        "coop/application.html",
        producer=producer,
        form=form,
        editable=editable,
        errors=errors,
        history=status_history(db.session, producer.id),
    )
