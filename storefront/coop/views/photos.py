"""A listing's photos: upload (checked by content, converted to WebP), put first, remove."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from catalog.listings.ownership import owned_photo, owned_product
from catalog.listings.photo_list import add_photo, make_first, photos_of, remove_photo
from catalog.photos import PhotoRefused
from storefront.coop.access import Permission, current_member, portal_page
from storefront.coop.blueprint import bp, megabytes
from storefront.coop.forms import PhotoForm
from storefront.coop.labels import PROBLEMS
from storefront.extensions import db
from storefront.forms import CsrfOnlyForm
from storefront.media import photo_store


def _render(product, form: PhotoForm, status: int = 200):
    member = current_member()
    return (
        render_template(
            "coop/photos.html",
            product=product,
            photos=photos_of(db.session, member.producer_id, product.id),
            form=form,
            button=CsrfOnlyForm(),
            max_size=megabytes(current_app.config["PHOTO_MAX_BYTES"]),
        ),
        status,
    )


@bp.get("/products/<int:product_id>/photos")
@portal_page()
def photo_list(product_id: int):
    product = owned_product(db.session, current_member().producer_id, product_id)
    return _render(product, PhotoForm())


def refusal_text(reason: str) -> str:
    message = PROBLEMS.get(reason)
    if message is None:
        return _("This file was refused.")
    return str(message) % {"subject": megabytes(current_app.config["PHOTO_MAX_BYTES"])}


@bp.post("/products/<int:product_id>/photos")
@portal_page(Permission.EDIT)
def photo_upload(product_id: int):
    member = current_member()
    product = owned_product(db.session, member.producer_id, product_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Choose a photo to upload."), "error")
        return _render(product, form, 400)
    data = form.photo.data.read(current_app.config["PHOTO_MAX_BYTES"] + 1)
    try:
        add_photo(
            db.session,
            photo_store(),
            member.producer_id,
            product.id,
            data,
            actor_user_id=member.user_id,
            max_bytes=current_app.config["PHOTO_MAX_BYTES"],
            max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
        )
    except PhotoRefused as refused:
        db.session.rollback()
        flash(refusal_text(refused.reason), "error")
        return _render(owned_product(db.session, member.producer_id, product_id), PhotoForm(), 400)
    db.session.commit()
    flash(_("The photo is added."), "success")
    return redirect(url_for("coop.photo_list", product_id=product.id), 303)


@bp.post("/photos/<int:photo_id>/first")
@portal_page(Permission.EDIT)
def photo_first(photo_id: int):
    member = current_member()
    photo = owned_photo(db.session, member.producer_id, photo_id)
    product_id = photo.product_id
    if CsrfOnlyForm().validate_on_submit():
        make_first(db.session, member.producer_id, photo.id, actor_user_id=member.user_id)
        db.session.commit()
        flash(_("This photo now comes first."), "success")
    return redirect(url_for("coop.photo_list", product_id=product_id), 303)


@bp.post("/photos/<int:photo_id>/remove")
@portal_page(Permission.EDIT)
def photo_remove(photo_id: int):
    member = current_member()
    photo = owned_photo(db.session, member.producer_id, photo_id)
    product_id = photo.product_id
    if CsrfOnlyForm().validate_on_submit():
        store = photo_store()
        files = remove_photo(
            db.session, store, member.producer_id, photo.id, actor_user_id=member.user_id
        )
        db.session.commit()
        store.remove_paths(files)  # once the row is gone for good
        flash(_("The photo is removed."), "success")
    return redirect(url_for("coop.photo_list", product_id=product_id), 303)
