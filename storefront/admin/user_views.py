"""Operator pages: users and their roles (``/<locale>/admin/users/``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from catalog.listings.problems import ListingRefused, Problem
from storefront.accounts.models import User, UserRole
from storefront.admin.access import role_required
from storefront.admin.forms import RoleForm
from storefront.admin.user_roles import ASSIGNABLE, change_role, find_users
from storefront.coop.labels import problem_text
from storefront.extensions import db
from storefront.forms import whole_number

bp = Blueprint(
    "admin_users", __name__, url_prefix="/<locale:locale>/admin/users", template_folder="templates"
)

ROLES = {
    UserRole.BUYER: _l("Buyer"),
    UserRole.COOP_MEMBER: _l("Cooperative member"),
    UserRole.SHOWROOM_STAFF: _l("Showroom staff"),
    UserRole.OPERATOR: _l("Zone operator"),
}
MAX_PAGE = 100_000


def _role_filter() -> UserRole | None:
    try:
        return UserRole(request.args.get("role", ""))
    except ValueError:
        return None


def _role_form(user, form: RoleForm | None = None) -> RoleForm:
    form = form or RoleForm(prefix=f"u{user.id}", data={"role": user.role.value})
    form.role.choices = [(role.value, str(ROLES[role])) for role in ASSIGNABLE]
    if user.role not in ASSIGNABLE:
        form.role.choices.insert(0, (user.role.value, str(ROLES[user.role])))
    return form


def _render(
    status: int = 200, failed: tuple[int, RoleForm] | None = None, query: str | None = None
):
    query = request.args.get("q", "").strip()[:80] if query is None else query
    role = _role_filter()
    page = whole_number(request.args.get("page", ""), maximum=MAX_PAGE) or 1
    result = find_users(db.session, query, role, page)
    forms = {user.id: _role_form(user) for user, _code in result.rows}
    if failed is not None and failed[0] in forms:
        forms[failed[0]] = failed[1]
    return (
        render_template(
            "admin/user_list.html",
            result=result,
            forms=forms,
            roles=ROLES,
            role=role,
            query=query,
        ),
        status,
    )


@bp.get("/")
@role_required(UserRole.OPERATOR)
def user_list():
    return _render()


@bp.post("/<int:user_id>/role")
@role_required(UserRole.OPERATOR)
def user_role(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        flash(problem_text_for("user_unknown"), "error")
        return redirect(url_for("admin_users.user_list"), 303)
    form = _role_form(user, RoleForm(prefix=f"u{user_id}"))
    if not form.validate_on_submit():
        return _render(400, (user_id, form), user.email)
    email = user.email
    try:
        change_role(db.session, user_id, UserRole(form.role.data), actor_user_id=current_user.id)
    except ListingRefused as refused:
        db.session.rollback()
        form.role.errors = [problem_text(problem) for problem in refused.problems]
        return _render(400, (user_id, form), email)
    db.session.commit()
    flash(
        _(
            "%(email)s now has the role %(role)s.",
            email=email,
            role=ROLES[UserRole(form.role.data)],
        ),
        "success",
    )
    return redirect(url_for("admin_users.user_list", q=email), 303)


def problem_text_for(code: str) -> str:
    return problem_text(Problem("role", code))
