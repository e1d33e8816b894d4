"""The console's audit log page (``/<locale>/admin/audit/``): filters in the query string."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.admin.audit_labels import KINDS, action_label
from storefront.admin.audit_log import AuditFilters, ObjectKind, audit_page
from storefront.admin.forms import AuditFilterForm
from storefront.extensions import db
from storefront.forms import whole_number

bp = Blueprint(
    "admin_audit", __name__, url_prefix="/<locale:locale>/admin", template_folder="templates"
)

MAX_PAGE = 100_000


@bp.get("/audit/")
@role_required(UserRole.OPERATOR)
def audit_log():
    form = AuditFilterForm(request.args)
    form.kind.choices = [("", _("Every kind"))] + [
        (kind.value, str(KINDS[kind])) for kind in ObjectKind
    ]
    valid = form.validate()
    if form.date_from.data and form.date_to.data and form.date_from.data > form.date_to.data:
        form.date_to.errors = [*form.date_to.errors, _("The end date comes after the start date.")]
        valid = False

    def good(field):
        return None if field.errors else field.data

    filters = AuditFilters(
        actor=good(form.actor) or "",
        kind=ObjectKind(form.kind.data) if form.kind.data and not form.kind.errors else None,
        reference=good(form.reference) or "",
        text=good(form.text) or "",
        date_from=good(form.date_from),
        date_to=good(form.date_to) if not form.date_to.errors else None,
    )
    page = whole_number(request.args.get("page", ""), maximum=MAX_PAGE) or 1
    result = audit_page(db.session, filters, page)
    args = {k: v for k, v in request.args.items() if k != "page" and k in form._fields}
    return (
        render_template(
            "admin/audit_log.html",
            form=form,
            result=result,
            kinds=KINDS,
            action_label=action_label,
            args=args,
        ),
        200 if valid else 400,
    )
