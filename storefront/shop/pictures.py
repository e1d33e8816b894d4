"""Product pictures: the demo catalog draws one per product until photos are uploaded."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, request
from sqlalchemy import select

from catalog.demo.pictures import picture_svg
from catalog.models import Product
from catalog.translation import translated_field
from storefront.extensions import db

bp = Blueprint("pictures", __name__, url_prefix="/pictures")


@bp.get("/products/<code>.svg")
def product_picture(code: str):
    product = db.session.scalars(select(Product).where(Product.code == code[:64])).one_or_none()
    if product is None:
        abort(404)
    name = translated_field(product, "name", "zh-hans") or product.code
    return svg_image_response(picture_svg(product.code, product.category.value, name))


def svg_image_response(body: str) -> Response:
    """A drawn picture, cached for a day by browsers and proxies, 304 when the ETag matches."""
    etag = hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        return Response(status=304)
    response = Response(body, mimetype="image/svg+xml")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
