"""Account operations: register, authenticate, reset a password. They flush, never commit."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

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
    """A new password ends every session of the account (the caller signs the user in again)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(MIN_PASSWORD_LENGTH)
    user.set_password(password)
    user.end_sessions()


@lru_cache(maxsize=1)
def _dummy_password_hash() -> str:
    return generate_password_hash("not the password of any account")


def spend_a_password_hash(password: str) -> None:
    """The work of checking a password, for answers that must take as long as a real check."""
    check_password_hash(_dummy_password_hash(), password)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the enabled user with these credentials, or None (never say which part was wrong).

    An unknown address costs one password hash too, so the answer's time tells nothing.
    """
    user = find_user_by_email(session, email)
    if user is None:
        spend_a_password_hash(password)
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    user.record_login()
    return user
