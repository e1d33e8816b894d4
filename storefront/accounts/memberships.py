"""Who belongs to a producer: the owner who applied, and the staff the owner invited.

* ``apply_as_producer``: a signed-in buyer applies for a cooperative or enterprise
  (``catalog.producers.submit_application``); the account becomes the new producer's owner and
  sees the application (pending) in the portal.
* ``invite``: the owner invites someone by e-mail; the link carries a random token of which
  only a hash is stored, valid for ``INVITATION_DAYS`` and once.
* ``accept_invitation``: the person signs in (or registers) with the invited address and
  accepts: the account becomes staff of that producer.
* ``remove_member``: the owner removes a staff member (the account becomes a buyer again and
  every session of it ends).

Functions that act for a producer take its id first. They flush, never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from catalog.listings.ownership import NotOwned, owned_producer
from catalog.listings.problems import Problem, refuse_if
from catalog.models import Producer
from catalog.producers import Application, submit_application
from storefront.accounts.models import (
    ProducerInvitation,
    ProducerRole,
    User,
    UserRole,
    normalise_email,
)
from storefront.accounts.services import find_user_by_email

INVITATION_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def apply_as_producer(session: Session, user: User, application: Application) -> Producer:
    """The buyer ``user`` applies; the account owns the new (pending) producer."""
    if user.role is not UserRole.BUYER:
        refuse_if([Problem("account", "account_cannot_apply", user.role)])
    producer = submit_application(session, application, actor_user_id=user.id)
    user.role = UserRole.COOP_MEMBER
    user.producer_id = producer.id
    user.producer_role = ProducerRole.OWNER
    session.flush()
    return producer


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    invitation: ProducerInvitation
    token: str  # shown once, in the e-mailed link


def _owner(session: Session, producer_id: int, owner_user_id: int) -> User:
    owner = session.get(User, owner_user_id)
    if owner is None or owner.producer_id != producer_id or not owner.is_producer_owner:
        refuse_if([Problem("account", "owner_only")])
    assert owner is not None
    return owner


def invite(
    session: Session,
    producer_id: int,
    owner_user_id: int,
    email: str,
    *,
    now: datetime | None = None,
) -> IssuedInvitation:
    owned_producer(session, producer_id)
    _owner(session, producer_id, owner_user_id)
    address = normalise_email(email)
    local, _at, domain = address.partition("@")
    if not local or "." not in domain or len(address) > 254 or any(c.isspace() for c in address):
        refuse_if([Problem("email", "email_invalid")])
    existing = find_user_by_email(session, address)
    if existing is not None and existing.producer_id == producer_id:
        refuse_if([Problem("email", "already_member")])
    now = now or utcnow()
    for earlier in pending_invitations(session, producer_id, now=now):
        if earlier.email == address:  # a new link replaces the earlier one
            earlier.revoked_at = now
    token = secrets.token_urlsafe(32)
    invitation = ProducerInvitation(
        producer_id=producer_id,
        email=address,
        token_hash=_hash(token),
        invited_by_id=owner_user_id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    session.add(invitation)
    session.flush()
    return IssuedInvitation(invitation, token)


def pending_invitations(
    session: Session, producer_id: int, *, now: datetime | None = None
) -> list[ProducerInvitation]:
    now = now or utcnow()
    rows = session.scalars(
        select(ProducerInvitation)
        .where(
            ProducerInvitation.producer_id == producer_id,
            ProducerInvitation.accepted_at.is_(None),
            ProducerInvitation.revoked_at.is_(None),
        )
        .order_by(ProducerInvitation.id.desc())
    )
    return [row for row in rows if as_utc(row.expires_at) > now]


def revoke_invitation(
    session: Session, producer_id: int, owner_user_id: int, invitation_id: int
) -> None:
    _owner(session, producer_id, owner_user_id)
    invitation = session.scalars(
        select(ProducerInvitation).where(
            ProducerInvitation.producer_id == producer_id, ProducerInvitation.id == invitation_id
        )
    ).one_or_none()
    if invitation is None:
        raise NotOwned(invitation_id)
    if invitation.accepted_at is None:
        invitation.revoked_at = utcnow()
    session.flush()


def invitation_for_token(
    session: Session, token: str, *, now: datetime | None = None
) -> ProducerInvitation | None:
    """The usable invitation this link names; None when unknown, used, revoked or expired."""
    if not token or len(token) > 100:
        return None
    invitation = session.scalars(
        select(ProducerInvitation).where(ProducerInvitation.token_hash == _hash(token))
    ).one_or_none()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return None
    if as_utc(invitation.expires_at) <= (now or utcnow()):
        return None
    return invitation


def accept_invitation(
    session: Session, token: str, user: User, *, now: datetime | None = None
) -> Producer:
    invitation = invitation_for_token(session, token, now=now)
    if invitation is None:
        refuse_if([Problem("token", "invitation_unusable")])
    assert invitation is not None
    if normalise_email(user.email) != invitation.email:
        refuse_if([Problem("account", "invitation_other_address")])
    if user.role is not UserRole.BUYER:
        refuse_if([Problem("account", "account_cannot_join", user.role)])
    user.role = UserRole.COOP_MEMBER
    user.producer_id = invitation.producer_id
    user.producer_role = ProducerRole.STAFF
    invitation.accepted_at = now or utcnow()
    invitation.accepted_by_id = user.id
    session.flush()
    producer = session.get(Producer, invitation.producer_id)
    assert producer is not None
    return producer


def members_of(session: Session, producer_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.producer_id == producer_id, User.role == UserRole.COOP_MEMBER)
            .order_by(User.producer_role, User.email)
        )
    )


def remove_member(
    session: Session, producer_id: int, owner_user_id: int, member_user_id: int
) -> User:
    _owner(session, producer_id, owner_user_id)
    member = session.scalars(
        select(User).where(User.producer_id == producer_id, User.id == member_user_id)
    ).one_or_none()
    if member is None:
        raise NotOwned(member_user_id)
    if member.producer_role is ProducerRole.OWNER:
        refuse_if([Problem("account", "owner_cannot_be_removed")])
    member.role = UserRole.BUYER
    member.producer_id = None
    member.producer_role = None
    member.end_sessions()
    session.flush()
    return member
