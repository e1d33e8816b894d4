"""Users of the shop and what they may do (their role)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.base import Base, TimestampMixin, enum_type, utcnow
from storefront.forms import MAX_ROW_ID, is_row_id


class UserRole(StrEnum):
    BUYER = "buyer"
    COOP_MEMBER = "coop_member"
    SHOWROOM_STAFF = "showroom_staff"
    OPERATOR = "operator"


class ProducerRole(StrEnum):
    """A cooperative member's place in its producer: the owner invites and removes staff."""

    OWNER = "owner"
    STAFF = "staff"


class User(UserMixin, TimestampMixin, Base):
    """A person who signs in: a buyer, a cooperative member, showroom staff or the operator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'coop_member') = (producer_id IS NOT NULL)", name="producer_only_for_members"
        ),
        CheckConstraint(
            "(role = 'coop_member') = (producer_role IS NOT NULL)",
            name="producer_role_only_for_members",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole, "user_role"), default=UserRole.BUYER)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"), index=True)
    producer_role: Mapped[ProducerRole | None] = mapped_column(
        enum_type(ProducerRole, "producer_role")
    )
    is_enabled: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of every signed-in session: raising it (sign-out, password change or reset) ends
    # every session of the account, including cookies copied before.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    def get_id(self) -> str:  # Flask-Login keeps this in the session
        return f"{self.id}:{self.session_generation}"

    def end_sessions(self) -> None:
        """Every session signed in before this no longer signs anyone in."""
        self.session_generation = (self.session_generation or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def record_login(self) -> None:
        self.last_login_at = utcnow()

    @property
    def is_producer_owner(self) -> bool:
        return self.role is UserRole.COOP_MEMBER and self.producer_role is ProducerRole.OWNER

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ProducerInvitation(Base):
    """The owner of a producer invites someone by e-mail to join as staff (a signed link).

    Only a hash of the token is stored; the link works once, for the invited address, until
    ``expires_at``.
    """

    __tablename__ = "producer_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producers.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def parse_session_id(session_id: str) -> tuple[int, int] | None:
    """(user id, session generation) from ``get_id``'s text; None for anything else."""
    user_id, separator, generation = session_id.partition(":")
    if not separator or not user_id.isascii() or not generation.isascii():
        return None
    if not (user_id.isdigit() and generation.isdigit()) or len(user_id) + len(generation) > 30:
        return None
    if not (is_row_id(int(user_id)) and int(generation) <= MAX_ROW_ID):
        return None
    return int(user_id), int(generation)


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()
