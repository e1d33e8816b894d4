"""The zone operator's console: its home page links every operator page."""

from __future__ import annotations

from flask import Blueprint, render_template

from storefront.accounts.models import UserRole
from storefront.admin.access import role_required

bp = Blueprint("admin", __name__, url_prefix="/<locale:locale>/admin", template_folder="templates")


@bp.get("/")
@role_required(UserRole.OPERATOR)
def console_home():
    return render_template("admin/console_home.html")
