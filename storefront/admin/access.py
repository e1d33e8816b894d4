"""One guard for every back-office page: operator console, cooperative portal, showroom counter.

``role_required(UserRole.OPERATOR)`` sends an anonymous visitor to sign in (and back) and
answers 403 to a signed-in user of another role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from storefront.accounts.models import UserRole
from storefront.extensions import login_manager

P = ParamSpec("P")
R = TypeVar("R")


def role_required(*roles: UserRole) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Only signed-in users with one of ``roles`` reach the view."""
    if not roles:
        raise ValueError("role_required needs at least one role")
    allowed = frozenset(roles)

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate
