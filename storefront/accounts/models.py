"""Users of the shop and what they may do (their role)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.base import Base, TimestampMixin, enum_type, utcnow


class UserRole(StrEnum):
    BUYER = "buyer"
    COOP_MEMBER = "coop_member"
    SHOWROOM_STAFF = "showroom_staff"
    OPERATOR = "operator"


class User(UserMixin, TimestampMixin, Base):
    """A person who signs in: a buyer, a cooperative member, showroom staff or the operator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'coop_member') = (producer_id IS NOT NULL)", name="producer_only_for_members"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole, "user_role"), default=UserRole.BUYER)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def record_login(self) -> None:
        self.last_login_at = utcnow()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()
