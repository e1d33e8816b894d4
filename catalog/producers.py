"""Producers joining the zone's shop: the application, and the operator's decisions on it.

A cooperative or enterprise applies with its Chinese name, unified social credit code (checked
with python-stdnum), customs registration code (10 characters), county and a contact; it is
``pending`` until the operator approves it or refuses it with a reason (the applicant may then
correct the application and send it again). An approved producer may later be suspended (with a
reason) and reinstated. ``TRANSITIONS`` lists the allowed moves; each one writes a
``producer_status_events`` row, and the flushed producer change moves the catalog stamp
(``catalog.revision``), so a suspended producer's listings leave every cached page at once
(``catalog.queries.visible_products`` shows approved producers' products only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc as uscc_number
from stdnum.exceptions import ValidationError as StdnumValidationError

from catalog.listings.ownership import owned_producer
from catalog.listings.problems import Problem, refuse_if
from catalog.models import (
    County,
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerStatusEvent,
    ProducerTranslation,
)
from catalog.models.producer import CUSTOMS_CODE_LENGTH

CUSTOMS_CODE_PATTERN: Final = re.compile(rf"^[0-9A-Z]{{{CUSTOMS_CODE_LENGTH}}}$")
MAX_REASON: Final = 500

TRANSITIONS: Final[dict[ProducerStatus | None, frozenset[ProducerStatus]]] = {
    None: frozenset({ProducerStatus.PENDING}),
    ProducerStatus.PENDING: frozenset({ProducerStatus.APPROVED, ProducerStatus.REFUSED}),
    ProducerStatus.REFUSED: frozenset({ProducerStatus.PENDING}),  # corrected and sent again
    ProducerStatus.APPROVED: frozenset({ProducerStatus.SUSPENDED}),
    ProducerStatus.SUSPENDED: frozenset({ProducerStatus.APPROVED}),
}
REASON_NEEDED: Final = frozenset({ProducerStatus.REFUSED, ProducerStatus.SUSPENDED})


@dataclass(frozen=True, slots=True)
class Application:
    name_zh: str
    kind: ProducerKind
    uscc: str
    customs_code: str
    county_id: int
    contact_name: str
    contact_email: str
    contact_phone: str
    name_en: str = ""
    description: str = ""


def compact_uscc(value: str) -> str:
    return uscc_number.compact(value or "").upper()


def application_problems(
    session: Session, application: Application, producer_id: int | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    if not application.name_zh.strip() or len(application.name_zh) > 200:
        problems.append(Problem("name_zh", "name_required"))
    if len(application.name_en) > 200:
        problems.append(Problem("name_en", "too_long", "200"))
    uscc = compact_uscc(application.uscc)
    try:
        uscc_number.validate(uscc)
    except StdnumValidationError:
        problems.append(Problem("uscc", "uscc_invalid"))
    else:
        other = session.scalar(select(Producer.id).where(Producer.uscc == uscc))
        if other is not None and other != producer_id:
            problems.append(Problem("uscc", "uscc_taken"))
    if not CUSTOMS_CODE_PATTERN.match(application.customs_code.strip().upper()):
        problems.append(Problem("customs_code", "customs_code_format"))
    if session.get(County, application.county_id) is None:
        problems.append(Problem("county_id", "county_unknown"))
    if not application.contact_name.strip() or len(application.contact_name) > 120:
        problems.append(Problem("contact_name", "contact_name_required"))
    try:
        validate_email(application.contact_email, check_deliverability=False)
    except EmailNotValidError:
        problems.append(Problem("contact_email", "email_invalid"))
    if _phone(application.contact_phone) is None:
        problems.append(Problem("contact_phone", "phone_invalid"))
    if len(application.description) > 2000:
        problems.append(Problem("description", "too_long", "2000"))
    return problems


def _phone(raw: str) -> str | None:
    """A Chinese (or international) phone number in E.164, or None when it is not one."""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _set_name(producer: Producer, locale: str, name: str, description: str = "") -> None:
    row = next((row for row in producer.translations if row.locale == locale), None)
    if not name:
        if row is not None:
            producer.translations.remove(row)
        return
    if row is None:
        producer.translations.append(
            ProducerTranslation(locale=locale, name=name, description=description)
        )
    else:
        row.name = name
        row.description = description


def _apply(producer: Producer, application: Application) -> None:
    producer.kind = application.kind
    producer.uscc = compact_uscc(application.uscc)
    producer.customs_code = application.customs_code.strip().upper()
    producer.county_id = application.county_id
    producer.contact_name = " ".join(application.contact_name.split())
    producer.contact_email = application.contact_email.strip()
    producer.contact_phone = _phone(application.contact_phone) or ""
    _set_name(producer, "zh-hans", " ".join(application.name_zh.split()), application.description)
    _set_name(producer, "en", " ".join(application.name_en.split()))


def change_status(
    session: Session,
    producer: Producer,
    target: ProducerStatus,
    *,
    actor_user_id: int | None,
    reason: str = "",
) -> None:
    """The one way a producer's status moves: checked, audited, and the catalog stamp moved."""
    current = producer.status if producer.id is not None else None
    reason = " ".join(reason.split())
    problems: list[Problem] = []
    if target not in TRANSITIONS.get(current, frozenset()):
        problems.append(Problem("status", "transition_not_allowed", target))
    if target in REASON_NEEDED and not reason:
        problems.append(Problem("reason", "reason_required"))
    if len(reason) > MAX_REASON:
        problems.append(Problem("reason", "too_long", str(MAX_REASON)))
    refuse_if(problems)
    producer.status = target
    producer.status_reason = reason if target in REASON_NEEDED else ""
    if producer.id is None:
        session.add(producer)
        session.flush()
    session.add(
        ProducerStatusEvent(
            producer_id=producer.id,
            actor_user_id=actor_user_id,
            from_status=current.value if current is not None else None,
            to_status=target.value,
            reason=reason,
        )
    )
    session.flush()


def submit_application(
    session: Session, application: Application, *, actor_user_id: int | None
) -> Producer:
    """A new producer, pending the operator's decision."""
    refuse_if(application_problems(session, application))
    producer = Producer(
        code=f"coop-{compact_uscc(application.uscc).lower()}",
        source_locale="zh-hans",
        status=ProducerStatus.PENDING,
    )
    _apply(producer, application)
    change_status(session, producer, ProducerStatus.PENDING, actor_user_id=actor_user_id)
    return producer


def resubmit_application(
    session: Session, producer_id: int, application: Application, *, actor_user_id: int | None
) -> Producer:
    """Correct a pending or refused application; a refused one goes back to the operator."""
    producer = owned_producer(session, producer_id)
    if producer.status not in (ProducerStatus.PENDING, ProducerStatus.REFUSED):
        refuse_if([Problem("status", "transition_not_allowed", ProducerStatus.PENDING)])
    refuse_if(application_problems(session, application, producer.id))
    _apply(producer, application)
    if producer.status is ProducerStatus.REFUSED:
        change_status(session, producer, ProducerStatus.PENDING, actor_user_id=actor_user_id)
    session.flush()
    return producer


def application_of(producer: Producer) -> Application:
    """The producer's current data, as an application form shows it."""
    names = {row.locale: row for row in producer.translations}
    chinese = names.get("zh-hans")
    return Application(
        name_zh=chinese.name if chinese else "",
        kind=producer.kind,
        uscc=producer.uscc,
        customs_code=producer.customs_code or "",
        county_id=producer.county_id,
        contact_name=producer.contact_name,
        contact_email=producer.contact_email,
        contact_phone=producer.contact_phone,
        name_en=names["en"].name if "en" in names else "",
        description=chinese.description if chinese else "",
    )


def status_history(session: Session, producer_id: int) -> list[ProducerStatusEvent]:
    return list(
        session.scalars(
            select(ProducerStatusEvent)
            .where(ProducerStatusEvent.producer_id == producer_id)
            .order_by(ProducerStatusEvent.id.desc())
        )
    )


STATUS_ORDER: Final = (
    ProducerStatus.PENDING,
    ProducerStatus.REFUSED,
    ProducerStatus.APPROVED,
    ProducerStatus.SUSPENDED,
)


def list_producers(session: Session, status: ProducerStatus | None = None) -> list[Producer]:
    """Producers for the operator: those waiting for a decision first, then by code."""
    stmt = select(Producer).order_by(Producer.code)
    if status is not None:
        stmt = stmt.where(Producer.status == status)
    producers = list(session.scalars(stmt))
    return sorted(producers, key=lambda producer: STATUS_ORDER.index(producer.status))


def decide_application(
    session: Session, producer_id: int, *, approve: bool, reason: str, actor_user_id: int | None
) -> Producer:
    producer = owned_producer(session, producer_id)
    target = ProducerStatus.APPROVED if approve else ProducerStatus.REFUSED
    change_status(session, producer, target, actor_user_id=actor_user_id, reason=reason)
    return producer


def suspend(
    session: Session, producer_id: int, *, reason: str, actor_user_id: int | None
) -> Producer:
    """The producer's listings leave the shop at once; its members keep read access."""
    producer = owned_producer(session, producer_id)
    change_status(
        session, producer, ProducerStatus.SUSPENDED, actor_user_id=actor_user_id, reason=reason
    )
    return producer


def reinstate(session: Session, producer_id: int, *, actor_user_id: int | None) -> Producer:
    producer = owned_producer(session, producer_id)
    change_status(session, producer, ProducerStatus.APPROVED, actor_user_id=actor_user_id)
    return producer
