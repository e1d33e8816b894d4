"""The translation editor: a product's texts in every locale side by side, the source first,
each with its state (complete, incomplete, missing, needs update); and the overview of every
product's states."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from catalog.listings.overview import count_listings, listing_rows
from catalog.listings.ownership import owned_product
from catalog.listings.problems import ListingRefused
from catalog.listings.texts import save_texts, texts_of
from catalog.locales import BCP47_TAGS, SUPPORTED_LOCALES
from catalog.models import Product
from catalog.queries import Page
from catalog.rich_text import text_for_editing
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import TextsForm
from storefront.coop.views.common import flash_refused, form_errors, page_number, page_size
from storefront.extensions import db
from storefront.i18n import text_direction


def locale_order(product: Product) -> list[str]:
    """The source first, then the shop's locales."""
    return [product.source_locale] + [
        code for code in SUPPORTED_LOCALES if code != product.source_locale
    ]


def _forms(product: Product, edited: str | None = None, edited_form: TextsForm | None = None):
    rows = {row.locale: row for row in product.translations}
    forms = {}
    for locale in locale_order(product):
        if locale == edited and edited_form is not None:
            form = edited_form
        else:
            form = TextsForm(obj=rows.get(locale), prefix=locale)
            form.description.data = text_for_editing(form.description.data)
        # What is typed is in that locale (its script and direction); the labels stay in the
        # reader's language.
        for field in (form.name, form.summary, form.description):
            field.render_kw = {"lang": BCP47_TAGS[locale], "dir": text_direction(locale)}
        forms[locale] = form
    return forms


def _render(product: Product, forms, status: int = 200):
    return (
        render_template(
            "coop/texts_editor.html",
            product=product,
            forms=forms,
            states=texts_of(product),
        ),
        status,
    )


@bp.get("/products/<int:product_id>/texts")
@portal_page()
def texts_editor(product_id: int):
    product = owned_product(db.session, current_member().producer_id, product_id)
    return _render(product, _forms(product))


@bp.post("/products/<int:product_id>/texts/<text_locale>")
@portal_page(Permission.EDIT)
def texts_save(product_id: int, text_locale: str):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    if text_locale not in SUPPORTED_LOCALES:
        abort(404)
    form = TextsForm(prefix=text_locale)
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return _render(product, _forms(product, text_locale, form), 400)
    try:
        save_texts(
            db.session,
            member.producer_id,
            product.id,
            text_locale,
            name=form.name.data or "",
            summary=form.summary.data or "",
            description=form.description.data or "",
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        product = owned_product(db.session, member.producer_id, product_id)
        return _render(product, _forms(product, text_locale, form), 400)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(
        url_for("coop.texts_editor", product_id=product.id, _anchor=f"texts-{text_locale}"), 303
    )


@bp.get("/texts/")
@portal_page()
def texts_overview():
    member = current_member()
    page, per_page = page_number(), page_size()
    total = count_listings(db.session, member.producer_id)
    rows = listing_rows(
        db.session, member.producer_id, offset=(page - 1) * per_page, limit=per_page
    )
    return render_template(
        "coop/texts_overview.html",
        result=Page(rows, page, per_page, total),
        locales=SUPPORTED_LOCALES,
    )
