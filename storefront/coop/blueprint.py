"""The portal's blueprints and what every page of them shares: 404 for another producer's
objects, a clear notice for a file that is too large, the portal's stylesheet."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound, RequestEntityTooLarge

from catalog.listings.ownership import NotOwned, owned_producer
from catalog.models import ProducerStatus
from storefront.coop import labels
from storefront.coop.access import current_member
from storefront.coop.labels import PROBLEMS, PRODUCER_STATUSES
from storefront.errors import render_http_error
from storefront.extensions import db

bp = Blueprint("coop", __name__, url_prefix="/<locale:locale>/coop", template_folder="templates")
joining_bp = Blueprint(
    "coop_joining", __name__, url_prefix="/<locale:locale>/coop", template_folder="templates"
)


@bp.errorhandler(NotOwned)
def not_owned(_error: NotOwned):
    """Another producer's object, or none at all: the same answer."""
    return render_http_error(NotFound())


def megabytes(size: int) -> str:
    return _("%(size)s MB", size=format_decimal(size / 1024 / 1024, format="#,##0.#"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge):
    """An upload over MAX_CONTENT_LENGTH: say so on the page it came from."""
    if (request.endpoint or "").startswith("coop.csv"):
        flash(str(PROBLEMS["csv_too_large"]), "error")
        return redirect(url_for("coop.csv_page"), 303)
    size = megabytes(current_app.config["PHOTO_MAX_BYTES"])
    flash(str(PROBLEMS["too_large"]) % {"subject": size}, "error")
    product_id = (request.view_args or {}).get("product_id")
    if request.endpoint == "coop.photo_upload" and product_id:
        return redirect(url_for("coop.photo_list", product_id=product_id), 303)
    return redirect(url_for("coop.home"), 303)


@bp.context_processor
def portal_context() -> dict:
    """The member and their producer, for the portal's layout (name, status banner, menu)."""
    if not current_user.is_authenticated or current_user.producer_id is None:
        return {}
    member = current_member()
    return {
        "member": member,
        "portal_producer": owned_producer(db.session, member.producer_id),
        "portal_section": portal_section(request.endpoint or ""),
    }


SECTIONS = (
    ("coop.texts", "texts"),
    ("coop.product", "products"),
    ("coop.pack_add", "products"),
    ("coop.pack_save", "products"),
    ("coop.photo", "products"),
    ("coop.batch", "products"),
    ("coop.stock", "stock"),
    ("coop.pack_stock", "stock"),
    ("coop.parcel", "parcels"),
    ("coop.brand", "brands"),
    ("coop.csv", "csv"),
    ("coop.member", "members"),
    ("coop.invitation", "members"),
    ("coop.application", "application"),
    ("coop.home", "home"),
)


def portal_section(endpoint: str) -> str:
    """Which part of the portal's menu an endpoint belongs to."""
    return next((section for prefix, section in SECTIONS if endpoint.startswith(prefix)), "")


@bp.app_template_global()
def producer_status_label(status) -> str:
    return str(PRODUCER_STATUSES[ProducerStatus(status)])


@bp.app_template_global()
def coop_label(table: str, key) -> str:
    """A portal label by table name (``PARCEL_STAGES``, ``TEXT_STATES``...) and code."""
    found = getattr(labels, table).get(key)
    return str(found) if found is not None else str(key)
