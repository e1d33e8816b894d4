"""Who is using the portal, for which producer, and what they may change.

Every portal view is wrapped by ``portal_page``: ``role_required(UserRole.COOP_MEMBER)`` (an
anonymous visitor signs in, another role gets 403), then, for a request that changes
something, the check of what this member may change now:

* ``EDIT``: the listings (an approved producer, or one whose application is pending: it may
  prepare its listings before approval, not publish);
* ``ACT``: publish, stock, parcels, brands (an approved producer only);
* ``OWNER``: members and invitations (the owner of an approved or pending producer).

A refused or suspended producer's members keep read access: a write is refused with a notice.
The view then takes ``current_member().producer_id`` and hands it, first, to every service,
which finds objects by (producer id, id): another producer's object is ``NotOwned`` and the
blueprint answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from catalog.models import Producer, ProducerStatus
from storefront.accounts.models import ProducerRole, UserRole
from storefront.admin.access import role_required
from storefront.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


class Permission(StrEnum):
    READ = "read"
    EDIT = "edit"
    ACT = "act"
    OWNER = "owner"


@dataclass(frozen=True, slots=True)
class PortalMember:
    user_id: int
    producer_id: int
    is_owner: bool
    status: ProducerStatus

    def may(self, permission: Permission | str) -> bool:
        permission = Permission(permission)
        if permission is Permission.READ:
            return True
        if permission is Permission.ACT:
            return self.status is ProducerStatus.APPROVED
        allowed = self.status in (ProducerStatus.APPROVED, ProducerStatus.PENDING)
        if permission is Permission.OWNER:
            return allowed and self.is_owner
        return allowed


def current_member() -> PortalMember:
    """The signed-in member (``portal_page`` has checked the role), read once per request."""
    key = (id(request._get_current_object()), current_user.id)  # tests reuse one app context
    member = g.get("portal_member")
    if member is None or g.get("portal_member_key") != key:
        status = db.session.scalar(
            select(Producer.status).where(Producer.id == current_user.producer_id)
        )
        member = PortalMember(
            user_id=current_user.id,
            producer_id=current_user.producer_id,
            is_owner=current_user.producer_role is ProducerRole.OWNER,
            status=ProducerStatus(status),
        )
        g.portal_member, g.portal_member_key = member, key
    return member


WRITING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def portal_page(
    permission: Permission = Permission.READ,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A portal view: cooperative members only; a change needs ``permission``."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            if request.method in WRITING and not current_member().may(permission):
                flash(_read_only_notice(permission), "error")
                return redirect(url_for("coop.home"), 303)
            return view(*args, **kwargs)

        return role_required(UserRole.COOP_MEMBER)(guarded)

    return decorate


def _read_only_notice(permission: Permission) -> str:
    member = current_member()
    if permission is Permission.OWNER and member.is_owner is False:
        return _("Only your cooperative's owner may do this.")
    if member.status is ProducerStatus.SUSPENDED:
        return _("Your cooperative is suspended: you can look at everything but change nothing.")
    if member.status is ProducerStatus.PENDING:
        return _("This is possible once the zone operator has approved your application.")
    return _("Your application was refused: you can correct it and send it again.")
