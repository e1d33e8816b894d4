"""Partners' API tokens: issued by the operator, scoped, revocable, stored as a SHA-256 hash.

The token itself (``secrets.token_urlsafe(32)`` behind a ``czp_`` prefix) is shown once, when it
is issued; the table keeps its hash and its first characters (to tell tokens apart). No Flask.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog.base import Base, utcnow

TOKEN_PREFIX = "czp_"
SCOPES = ("producers:read", "orders:read", "declarations:read")
NAME_MAX = 120


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))  # the partner, as the operator wrote it
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_start: Mapped[str] = mapped_column(String(12))  # "czp_" and four characters
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TokenProblem(ValueError):
    """A token request that cannot be issued; ``field`` and ``key`` name what is wrong."""

    def __init__(self, field: str, key: str) -> None:
        super().__init__(f"{field}: {key}")
        self.field, self.key = field, key


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def issue_token(
    session: Session, name: str, scopes: list[str], *, created_by: int | None
) -> tuple[ApiToken, str]:
    """A new token for ``name`` with ``scopes``; returns the row and the token, shown once."""
    name = " ".join(name.split())
    if not name:
        raise TokenProblem("name", "required")
    if len(name) > NAME_MAX:
        raise TokenProblem("name", "too_long")
    chosen = [scope for scope in SCOPES if scope in set(scopes)]
    if not chosen or len(set(scopes)) != len(chosen):
        raise TokenProblem("scopes", "choose")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=token_digest(raw),
        token_start=raw[: len(TOKEN_PREFIX) + 4],
        scopes=chosen,
        created_by_user_id=created_by,
    )
    session.add(token)
    session.flush()
    return token, raw


def revoke_token(session: Session, token_id: int) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    if token is not None and token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def active_token(session: Session, raw: str) -> ApiToken | None:
    """The unrevoked token ``raw`` names, if any (looked up by its hash)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == token_digest(raw), ApiToken.revoked_at.is_(None)
        )
    )


def all_tokens(session: Session) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )
