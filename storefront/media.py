"""Uploaded media: product photos under ``/media/products/<product id>/<key>-<width>.webp``.

The files live in ``MEDIA_DIR`` (default ``instance/media``), written only by
``catalog.photos.PhotoStore``. Their names are random keys, so a name never changes meaning:
they are served as immutable for a year. Only names of that form are answered; anything else,
or a file that is not there, is a 404 (``send_from_directory`` also refuses paths that leave
the folder).
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_from_directory, url_for

from catalog.photo_refs import PhotoRef
from catalog.photos import PhotoStore

PHOTO_NAME = re.compile(r"^[0-9a-f]{32}-[0-9]{2,4}\.webp$")
ONE_YEAR = 31_536_000

bp = Blueprint("media", __name__, url_prefix="/media")


def photo_store(app: Flask | None = None) -> PhotoStore:
    app = app or current_app
    return PhotoStore(Path(app.config["MEDIA_DIR"]))


@bp.get("/products/<int:product_id>/<name>")
def product_photo(product_id: int, name: str):
    if not PHOTO_NAME.match(name):
        abort(404)
    folder = Path(current_app.config["MEDIA_DIR"]) / "products" / str(product_id)
    response = send_from_directory(folder, name, mimetype="image/webp", max_age=ONE_YEAR)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def photo_url(photo: PhotoRef, width: int) -> str:
    return url_for(
        "media.product_photo", product_id=photo.product_id, name=f"{photo.key}-{width}.webp"
    )


def photo_srcset(photo: PhotoRef) -> str:
    return ", ".join(f"{photo_url(photo, width)} {width}w" for width in photo.widths)


def middle_width(photo: PhotoRef, wanted: int = 640) -> int:
    """The rendition for ``src`` (browsers without srcset): ``wanted`` or the closest below."""
    fitting = [width for width in photo.widths if width <= wanted]
    return max(fitting) if fitting else min(photo.widths)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        photo_url=photo_url,
        photo_srcset=photo_srcset,
        photo_width=middle_width,
        photo_ref=PhotoRef.of,
    )
