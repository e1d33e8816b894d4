"""The cooperative's listings: the list, a new product, a product's facts, packs, batches and
publication."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from catalog.listings import audit
from catalog.listings.batches import BatchFacts, add_batch, remove_batch
from catalog.listings.editing import (
    NewProduct,
    add_pack,
    create_product,
    update_facts,
    update_pack,
)
from catalog.listings.overview import count_listings, listing_rows
from catalog.listings.ownership import owned_batch, owned_product, owned_variant
from catalog.listings.problems import ListingRefused
from catalog.listings.publishing import publish, publish_problems, unpublish
from catalog.models import BatchKind, Product
from catalog.queries import Page
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp
from storefront.coop.forms import BatchForm, NewProductForm, PackForm, ProductFactsForm
from storefront.coop.labels import problem_texts
from storefront.coop.views.common import (
    facts_from,
    fill_fact_choices,
    flash_refused,
    form_errors,
    pack_from,
    page_number,
    page_size,
)
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.inventory.ledger import stock_figures
from storefront.shop import labels as shop_labels


@bp.get("/products/")
@portal_page()
def product_list():
    member = current_member()
    page, per_page = page_number(), page_size()
    total = count_listings(db.session, member.producer_id)
    rows = listing_rows(
        db.session, member.producer_id, offset=(page - 1) * per_page, limit=per_page
    )
    return render_template("coop/product_list.html", result=Page(rows, page, per_page, total))


@bp.route("/products/new", methods=["GET", "POST"])
@portal_page(Permission.EDIT)
def product_new():
    member = current_member()
    form = NewProductForm()
    fill_fact_choices(form, member.producer_id)
    if request.method == "GET":
        form.season_months.data = list(range(1, 13))
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            product = create_product(
                db.session,
                member.producer_id,
                NewProduct(
                    facts=facts_from(form),
                    name=form.name.data or "",
                    summary=form.summary.data or "",
                    description=form.description.data or "",
                    packs=(pack_from(form),),
                ),
                actor_user_id=member.user_id,
            )
        except ListingRefused as refused:
            db.session.rollback()
            errors = problem_texts(refused.problems)
        else:
            db.session.commit()
            flash(
                _("The product is saved (not published yet). Add photos and texts, then publish."),
                "success",
            )
            return redirect(url_for("coop.product_detail", product_id=product.id), 303)
    elif request.method == "POST":
        errors = form_errors(form)
    return render_template("coop/product_new.html", form=form, errors=errors)


def _facts_form(product: Product, producer_id: int, formdata=None) -> ProductFactsForm:
    form = ProductFactsForm(formdata=formdata, obj=product if formdata is None else None)
    fill_fact_choices(form, producer_id)
    if formdata is None:
        form.category.data = product.category.value
        form.product_class.data = product.product_class.value
        form.storage.data = product.storage.value
        form.season_months.data = product.season_months
        form.certifications.data = list(product.certifications)
        form.brand_id.data = str(product.brand_id) if product.brand_id else ""
    return form


def _render_product(product: Product, facts_form=None, new_pack_form=None, batch_form=None):
    member = current_member()
    batch_form = batch_form or BatchForm()
    batch_form.kind.choices = [
        SelectChoice(kind.value, shop_labels.BATCH_KINDS[kind]) for kind in BatchKind
    ]
    if not batch_form.kind.data:
        batch_form.kind.data = BatchKind.HARVEST.value
    return render_template(
        "coop/product_detail.html",
        product=product,
        member=member,
        facts_form=facts_form or _facts_form(product, member.producer_id),
        pack_forms={
            variant.id: PackForm(obj=variant, prefix=f"pack{variant.id}")
            for variant in product.variants
        },
        new_pack_form=new_pack_form or PackForm(prefix="new"),
        batch_form=batch_form,
        stock=stock_figures(db.session, product.variants),
        problems=problem_texts(publish_problems(db.session, product)),
        events=audit.events_of(db.session, product.id, limit=20),
        button=CsrfOnlyForm(),
    )


@bp.get("/products/<int:product_id>")
@portal_page()
def product_detail(product_id: int):
    product = owned_product(db.session, current_member().producer_id, product_id)
    return _render_product(product)


@bp.post("/products/<int:product_id>")
@portal_page(Permission.EDIT)
def product_save(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    form = _facts_form(product, member.producer_id, request.form)
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return _render_product(product, facts_form=form), 400
    try:
        update_facts(
            db.session,
            member.producer_id,
            product.id,
            facts_from(form),
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        product = owned_product(db.session, member.producer_id, product_id)
        return _render_product(
            product, facts_form=_facts_form(product, member.producer_id, request.form)
        ), 400
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("coop.product_detail", product_id=product.id), 303)


@bp.post("/products/<int:product_id>/publish")
@portal_page(Permission.ACT)
def product_publish(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    if not CsrfOnlyForm().validate_on_submit():
        return redirect(url_for("coop.product_detail", product_id=product.id), 303)
    try:
        publish(db.session, member.producer_id, product.id, actor_user_id=member.user_id)
    except ListingRefused as refused:
        db.session.rollback()
        flash(_("Not published yet: first complete what is listed below."), "error")
        flash_refused(refused)
        return redirect(url_for("coop.product_detail", product_id=product_id), 303)
    db.session.commit()
    flash(_("Published: the product is in the shop."), "success")
    return redirect(url_for("coop.product_detail", product_id=product.id), 303)


@bp.post("/products/<int:product_id>/unpublish")
@portal_page(Permission.ACT)
def product_unpublish(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    if CsrfOnlyForm().validate_on_submit():
        unpublish(db.session, member.producer_id, product.id, actor_user_id=member.user_id)
        db.session.commit()
        flash(_("Unpublished: the product has left the shop."), "success")
    return redirect(url_for("coop.product_detail", product_id=product.id), 303)


@bp.post("/products/<int:product_id>/packs")
@portal_page(Permission.EDIT)
def pack_add(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    form = PackForm(prefix="new")
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return _render_product(product, new_pack_form=form), 400
    try:
        add_pack(
            db.session,
            member.producer_id,
            product.id,
            pack_from(form, active=form.is_active.data),
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        product = owned_product(db.session, member.producer_id, product_id)
        return _render_product(product, new_pack_form=PackForm(prefix="new")), 400
    db.session.commit()
    flash(_("The pack is added. Record the goods you have on its stock page."), "success")
    return redirect(url_for("coop.product_detail", product_id=product.id), 303)


@bp.post("/packs/<int:pack_id>")
@portal_page(Permission.EDIT)
def pack_save(pack_id: int):
    member = current_member()
    variant = owned_variant(db.session, member.producer_id, pack_id)
    form = PackForm(prefix=f"pack{variant.id}")
    target = url_for("coop.product_detail", product_id=variant.product_id)
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return redirect(target, 303)
    try:
        update_pack(
            db.session,
            member.producer_id,
            variant.id,
            pack_from(form, active=form.is_active.data),
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        return redirect(target, 303)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(target, 303)


def _china_today():
    return datetime.now(ZoneInfo(current_app.config["SHOP_TIMEZONE"])).date()


@bp.post("/products/<int:product_id>/batches")
@portal_page(Permission.EDIT)
def batch_add(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    form = BatchForm()
    form.kind.choices = [
        SelectChoice(kind.value, shop_labels.BATCH_KINDS[kind]) for kind in BatchKind
    ]
    if not form.validate_on_submit():
        for text in form_errors(form):
            flash(text, "error")
        return _render_product(product, batch_form=form), 400
    try:
        add_batch(
            db.session,
            member.producer_id,
            product.id,
            BatchFacts(
                lot_number=form.lot_number.data or "",
                kind=BatchKind(form.kind.data),
                produced_on=form.produced_on.data,
                best_before=form.best_before.data,
                inspection_certificate=form.inspection_certificate.data or "",
            ),
            today=_china_today(),
            actor_user_id=member.user_id,
        )
    except ListingRefused as refused:
        db.session.rollback()
        flash_refused(refused)
        product = owned_product(db.session, member.producer_id, product_id)
        return _render_product(product, batch_form=form), 400
    db.session.commit()
    flash(_("The batch is recorded; the product page shows the latest one."), "success")
    return redirect(url_for("coop.product_detail", product_id=product.id, _anchor="batches"), 303)


@bp.post("/batches/<int:batch_id>/remove")
@portal_page(Permission.EDIT)
def batch_remove(batch_id: int):
    member = current_member()
    batch = owned_batch(db.session, member.producer_id, batch_id)
    product_id = batch.product_id
    if CsrfOnlyForm().validate_on_submit():
        remove_batch(db.session, member.producer_id, batch.id, actor_user_id=member.user_id)
        db.session.commit()
        flash(_("The batch is removed."), "success")
    return redirect(url_for("coop.product_detail", product_id=product_id, _anchor="batches"), 303)
