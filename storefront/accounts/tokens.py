"""Time-limited, single-use password reset tokens (itsdangerous)."""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from storefront.accounts.models import User

RESET_SALT = "password-reset"
RESET_TOKEN_MAX_AGE_SECONDS = 60 * 60


def _password_fingerprint(user: User) -> str:
    # The token carries a digest of the current password hash, so using it once (which changes
    # the password) makes it, and every older token, worthless.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(secret_key: str, user: User) -> str:
    serializer = URLSafeTimedSerializer(secret_key, salt=RESET_SALT)
    return serializer.dumps({"user": user.id, "fp": _password_fingerprint(user)})


def user_for_reset_token(
    session: Session, secret_key: str, token: str, max_age: int = RESET_TOKEN_MAX_AGE_SECONDS
) -> User | None:
    """Return the user a valid, unexpired, unused token belongs to, else None."""
    serializer = URLSafeTimedSerializer(secret_key, salt=RESET_SALT)
    try:
        data = serializer.loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = session.get(User, data.get("user"))
    if user is None or not user.is_enabled or data.get("fp") != _password_fingerprint(user):
        return None
    return user
