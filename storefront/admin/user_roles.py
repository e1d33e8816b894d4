"""Users and roles for the zone operator: find users, change a role, with an audit row.

Roles the console gives: buyer, showroom staff, operator. A cooperative member joins through
its owner's invitation (``storefront.accounts.memberships``), so the console does not make
members; it may turn a staff member back into a buyer (the owner stays: a producer needs one).
Refused: removing the last operator's role, and an operator removing their own operator role
(another operator must do it). Every change ends the user's sessions (the new role applies at
the next sign-in, everywhere) and writes a ``ConsoleAction`` row for the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.listings.problems import Problem, refuse_if
from catalog.models import Producer
from storefront.accounts.models import ProducerRole, User, UserRole
from storefront.admin.models import ConsoleAction

PAGE_SIZE: Final = 50
ASSIGNABLE: Final = (UserRole.BUYER, UserRole.SHOWROOM_STAFF, UserRole.OPERATOR)


@dataclass(frozen=True, slots=True)
class UserPage:
    rows: list[tuple[User, str | None]]  # the user and its producer's code (members)
    page: int
    total: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def find_users(
    session: Session, query: str = "", role: UserRole | None = None, page: int = 1
) -> UserPage:
    """Users whose e-mail address or name contains ``query``, two queries per page."""
    stmt = select(User, Producer.code).outerjoin(Producer, User.producer_id == Producer.id)
    if query.strip():
        pattern = _like(query.strip())
        stmt = stmt.where(
            func.lower(User.email).like(pattern, escape="\\")
            | func.lower(User.full_name).like(pattern, escape="\\")
        )
    if role is not None:
        stmt = stmt.where(User.role == role)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, page)
    rows = session.execute(
        stmt.order_by(User.email).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return UserPage([(user, code) for user, code in rows], page, total)


def change_role(session: Session, user_id: int, target: UserRole, *, actor_user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        refuse_if([Problem("role", "user_unknown")])
    problems: list[Problem] = []
    if target not in ASSIGNABLE:
        problems.append(Problem("role", "role_by_invitation"))
    elif target is user.role:
        problems.append(Problem("role", "role_unchanged"))
    if user.role is UserRole.OPERATOR and target is not UserRole.OPERATOR:
        if user.id == actor_user_id:
            problems.append(Problem("role", "own_operator_role"))
        else:
            operators = session.scalars(
                select(User.id).where(User.role == UserRole.OPERATOR).with_for_update()
            ).all()
            if len(operators) <= 1:
                problems.append(Problem("role", "last_operator"))
    if user.role is UserRole.COOP_MEMBER and user.producer_role is ProducerRole.OWNER:
        problems.append(Problem("role", "owner_cannot_be_removed"))
    refuse_if(problems)
    before = user.role
    user.role = target
    user.producer_id = None
    user.producer_role = None
    user.end_sessions()
    session.add(
        ConsoleAction(
            actor_user_id=actor_user_id,
            object_kind="user",
            object_ref=user.email[:60],
            action="role_changed",
            note=f"{before.value} → {target.value}",
        )
    )
    session.flush()
    return user
