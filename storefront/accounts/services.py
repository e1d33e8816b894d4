"""Account operations: register, authenticate, reset a password. They flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.accounts.models import User, UserRole, normalise_email
from storefront.exceptions import StorefrontError

MIN_PASSWORD_LENGTH = 10


class EmailAlreadyRegistered(StorefrontError):
    """Someone already has an account with this e-mail address."""


class PasswordTooShort(StorefrontError):
    """The password is shorter than MIN_PASSWORD_LENGTH."""


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def register_buyer(
    session: Session, *, email: str, password: str, locale: str, full_name: str = ""
) -> User:
    """Create a buyer account."""
    if find_user_by_email(session, email) is not None:
        raise EmailAlreadyRegistered(email)
    user = User(
        email=normalise_email(email),
        locale=locale,
        full_name=full_name.strip(),
        role=UserRole.BUYER,
    )
    set_password(user, password)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(MIN_PASSWORD_LENGTH)
    user.set_password(password)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the enabled user with these credentials, or None (never say which part was wrong)."""
    user = find_user_by_email(session, email)
    if user is None or not user.is_enabled or not user.check_password(password):
        return None
    user.record_login()
    return user
