"""Operator pages: brands (``/<locale>/admin/brands/``): stewardship, which producers may sell
under each brand (authorise, revoke with a reason), and the brand's page in six languages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from catalog.brand_authorisations import revoke
from catalog.brand_console import (
    BrandTexts,
    authorise,
    brand_for_operator,
    list_brands,
    texts_of_brand,
)
from catalog.listings.ownership import NotOwned
from catalog.listings.problems import ListingRefused
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import Brand, Producer
from catalog.translation import translated_field
from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.brand_actions import change_brand_texts, change_steward
from storefront.admin.forms import AuthoriseForm, BrandTextsForm, NegativeListForm, StewardForm
from storefront.coop.labels import language_name, problem_text
from storefront.errors import render_http_error
from storefront.extensions import db
from storefront.forms import whole_number
from storefront.i18n import current_locale

bp = Blueprint(
    "admin_brands",
    __name__,
    url_prefix="/<locale:locale>/admin/brands",
    template_folder="templates",
)

MAX_ID = 2**31 - 1


@bp.errorhandler(NotOwned)
def not_found(_error: NotOwned):
    return render_http_error(NotFound())


def _producers() -> list[Producer]:
    return list(db.session.scalars(select(Producer).order_by(Producer.code)))


def _forms(brand: Brand, producers: list[Producer]):
    steward = StewardForm(prefix="steward")
    locale = current_locale()
    steward.steward_producer_id.choices = [("", _("The zone operator"))] + [
        (str(p.id), translated_field(p, "name", locale) or p.code) for p in producers
    ]
    if not steward.is_submitted():
        steward.steward_producer_id.data = str(brand.steward_producer_id or "")
    authorised = {p.id for p in brand.authorized_producers}
    grant = AuthoriseForm(prefix="grant")
    grant.producer_id.choices = [("", _("Choose a producer"))] + [
        (str(p.id), translated_field(p, "name", locale) or p.code)
        for p in producers
        if p.id not in authorised
    ]
    return steward, grant


def _render(brand: Brand, status: int = 200, **forms):
    producers = _producers()
    steward, grant = _forms(brand, producers)
    revoke_forms = {
        p.id: NegativeListForm(prefix=f"revoke{p.id}") for p in brand.authorized_producers
    }
    if "revoke" in forms:
        producer_id, form = forms.pop("revoke")
        revoke_forms[producer_id] = form
    names = {p.id: p for p in producers}
    return (
        render_template(
            "admin/brand_detail.html",
            brand=brand,
            steward_form=forms.get("steward", steward),
            grant_form=forms.get("grant", grant),
            revoke_forms=revoke_forms,
            producers=names,
            locales=SUPPORTED_LOCALES,
            present={row.locale for row in brand.translations},
            language_name=language_name,
        ),
        status,
    )


def _field_errors(form, refused: ListingRefused, fallback: str) -> None:
    for problem in refused.problems:
        field = getattr(form, problem.field, None) or getattr(form, fallback)
        field.errors = [*field.errors, problem_text(problem)]


def _chosen(raw: str | None) -> int | None:
    return whole_number(raw or "", maximum=MAX_ID)


@bp.get("/")
@role_required(UserRole.OPERATOR)
def brand_list():
    brands = list_brands(db.session)
    stewards = {p.id: p for p in _producers()}
    return render_template(
        "admin/brand_list.html", brands=brands, stewards=stewards, locales=SUPPORTED_LOCALES
    )


@bp.get("/<int:brand_id>")
@role_required(UserRole.OPERATOR)
def brand_detail(brand_id: int):
    return _render(brand_for_operator(db.session, brand_id))


def _done(brand_id: int, message: str, anchor: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin_brands.brand_detail", brand_id=brand_id, _anchor=anchor), 303)


@bp.post("/<int:brand_id>/steward")
@role_required(UserRole.OPERATOR)
def brand_steward(brand_id: int):
    brand = brand_for_operator(db.session, brand_id)
    steward, _grant = _forms(brand, _producers())
    if not steward.validate_on_submit():
        return _render(brand, 400, steward=steward)
    try:
        change_steward(
            db.session,
            brand_id,
            _chosen(steward.steward_producer_id.data),
            actor_user_id=current_user.id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        _field_errors(steward, refused, "steward_producer_id")
        return _render(brand_for_operator(db.session, brand_id), 400, steward=steward)
    return _done(brand_id, _("The brand's steward is saved."), "stewardship")


@bp.post("/<int:brand_id>/authorise")
@role_required(UserRole.OPERATOR)
def brand_authorise(brand_id: int):
    brand = brand_for_operator(db.session, brand_id)
    _steward, grant = _forms(brand, _producers())
    if not grant.validate_on_submit() or _chosen(grant.producer_id.data) is None:
        if not grant.producer_id.errors:
            grant.producer_id.errors = [_("Choose a producer.")]
        return _render(brand, 400, grant=grant)
    try:
        authorise(
            db.session, brand_id, _chosen(grant.producer_id.data), actor_user_id=current_user.id
        )
    except ListingRefused as refused:
        db.session.rollback()
        _field_errors(grant, refused, "producer_id")
        return _render(brand_for_operator(db.session, brand_id), 400, grant=grant)
    return _done(brand_id, _("The producer may now sell under this brand."), "authorised")


@bp.post("/<int:brand_id>/revoke/<int:producer_id>")
@role_required(UserRole.OPERATOR)
def brand_revoke(brand_id: int, producer_id: int):
    brand = brand_for_operator(db.session, brand_id)
    form = NegativeListForm(prefix=f"revoke{producer_id}")
    if not form.validate_on_submit():
        return _render(brand, 400, revoke=(producer_id, form))
    try:
        count = revoke(
            db.session,
            None,
            brand_id,
            producer_id,
            reason=form.reason.data or "",
            decided_by_id=current_user.id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        _field_errors(form, refused, "reason")
        return _render(brand_for_operator(db.session, brand_id), 400, revoke=(producer_id, form))
    message = _(
        "The authorisation has ended; %(count)d of its products left the shop.", count=count
    )
    return _done(brand_id, message, "authorised")


def _texts_page(brand: Brand, locale_code: str, form: BrandTextsForm, status: int = 200):
    return (
        render_template(
            "admin/brand_texts.html",
            brand=brand,
            content_locale=locale_code,
            language=language_name(locale_code),
            form=form,
            locales=SUPPORTED_LOCALES,
            language_name=language_name,
        ),
        status,
    )


@bp.route("/<int:brand_id>/texts/<content_locale>", methods=["GET", "POST"])
@role_required(UserRole.OPERATOR)
def brand_texts(brand_id: int, content_locale: str):
    brand = brand_for_operator(db.session, brand_id)
    if content_locale not in SUPPORTED_LOCALES:
        abort(404)
    form = BrandTextsForm(prefix="texts")
    if not form.is_submitted():
        current = texts_of_brand(brand, content_locale)
        form.process(data={field: getattr(current, field) for field in BrandTexts.__slots__})
        return _texts_page(brand, content_locale, form)
    if not form.validate_on_submit():
        return _texts_page(brand, content_locale, form, 400)
    try:
        change_brand_texts(
            db.session,
            brand_id,
            content_locale,
            BrandTexts(**{field: form[field].data or "" for field in BrandTexts.__slots__}),
            actor_user_id=current_user.id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        _field_errors(form, refused, "name")
        return _texts_page(brand_for_operator(db.session, brand_id), content_locale, form, 400)
    db.session.commit()
    flash(
        _("The brand's texts in %(language)s are saved.", language=language_name(content_locale)),
        "success",
    )
    return redirect(url_for("admin_brands.brand_detail", brand_id=brand_id, _anchor="texts"), 303)
