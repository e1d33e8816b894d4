"""Demo accounts for development and the demo shop (never in production: the CLI refuses)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Producer
from storefront.accounts.models import ProducerRole, User, UserRole
from storefront.accounts.services import find_user_by_email

DEMO_PASSWORD = "demo-password-2026"

# e-mail, role, producer code, locale, name
DEMO_USERS = (
    ("buyer@demo.test", UserRole.BUYER, None, "en", "Demo Buyer"),
    ("coop-linwu@demo.test", UserRole.COOP_MEMBER, "linwu-duck-coop", "zh-hans", "临武鸭合作社"),
    (
        "coop-yongxing@demo.test",
        UserRole.COOP_MEMBER,
        "yongxing-orange-coop",
        "zh-hans",
        "永兴冰糖橙合作社",
    ),
    ("staff@demo.test", UserRole.SHOWROOM_STAFF, None, "zh-hans", "Showroom Staff"),
    ("admin@demo.test", UserRole.OPERATOR, None, "en", "Zone Operator"),
)


def load_demo_users(session: Session) -> int:
    """Create the demo accounts that do not exist yet (idempotent); return how many."""
    producers = {p.code: p for p in session.scalars(select(Producer))}
    created = 0
    for email, role, producer_code, locale, name in DEMO_USERS:
        if find_user_by_email(session, email) is not None:
            continue
        producer_id = None
        if producer_code is not None:
            producer = producers.get(producer_code)
            if producer is None:
                continue  # the catalog has no such cooperative (yet)
            producer_id = producer.id
        user = User(
            email=email,
            role=role,
            producer_id=producer_id,
            # The demo cooperatives' accounts are their owners: they may invite staff.
            producer_role=ProducerRole.OWNER if producer_id is not None else None,
            locale=locale,
            full_name=name,
        )
        user.set_password(DEMO_PASSWORD)
        session.add(user)
        created += 1
    session.flush()
    return created


def demo_member_producer_ids(session: Session) -> set[int]:
    """The producers the demo's cooperative accounts belong to."""
    codes = [code for _email, _role, code, _locale, _name in DEMO_USERS if code]
    return set(session.scalars(select(Producer.id).where(Producer.code.in_(codes))))
