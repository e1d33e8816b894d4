"""The operator's API tokens for partners (``/<locale>/admin/api-tokens/``): issue (the token
is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required
from storefront.api.tokens import (
    NAME_MAX,
    SCOPES,
    TokenProblem,
    all_tokens,
    issue_token,
    revoke_token,
)
from storefront.extensions import db
from storefront.forms import printable_text

bp = Blueprint(
    "admin_api_tokens",
    __name__,
    url_prefix="/<locale:locale>/admin/api-tokens",
    template_folder="templates",
)


def _messages() -> dict[str, str]:
    return {
        "required": _("Please give the partner's name."),
        "too_long": _("At most %(max)d characters.", max=NAME_MAX),
        "choose": _("Choose at least one of the scopes."),
    }


def _page(*, typed=None, errors=None, issued=None, status=200):
    return (
        render_template(
            "admin/api_tokens.html",
            tokens=all_tokens(db.session),
            scopes=SCOPES,
            typed=typed or {"name": "", "scopes": []},
            errors=errors or {},
            issued=issued,
            name_max=NAME_MAX,
        ),
        status,
    )


@bp.get("/")
@role_required(UserRole.OPERATOR)
def token_list():
    return _page()


@bp.post("/")
@role_required(UserRole.OPERATOR)
def token_issue():
    typed = {
        "name": printable_text(request.form.get("name", "")[: NAME_MAX * 2]),
        "scopes": request.form.getlist("scopes")[: len(SCOPES) * 2],
    }
    try:
        token, raw = issue_token(
            db.session, typed["name"], typed["scopes"], created_by=current_user.id
        )
    except TokenProblem as problem:
        db.session.rollback()
        return _page(typed=typed, errors={problem.field: _messages()[problem.key]}, status=422)
    db.session.commit()
    return _page(issued=(token, raw))


@bp.post("/<int:token_id>/revoke")
@role_required(UserRole.OPERATOR)
def token_revoke(token_id: int):
    token = revoke_token(db.session, token_id)
    if token is None:
        abort(404)
    db.session.commit()
    flash(
        _("The token of %(name)s is revoked: it no longer opens the API.", name=token.name),
        "success",
    )
    return redirect(url_for("admin_api_tokens.token_list"), 303)
