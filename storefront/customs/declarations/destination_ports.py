"""Destination port codes (POD) per arrival country: the built-in table plus the operator's rows.

The built-in table (``messages.port_codes.PORT_CODES``, data with sources) covers every destination
the shop sells to. For a new destination, or where a customs district wants another code, the
operator records the code from customs' port parameter table in the console, with where it was
read (``source``); a recorded row wins over the built-in one. Blocked declarations are then
resubmitted and pick the code up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog.base import Base, utcnow
from storefront.customs.messages.codes import customs_country_code
from storefront.customs.messages.exceptions import CustomsError, UnknownCodeError
from storefront.customs.messages.port_codes import PORT_CODES, is_port_code
from storefront.orders.actors import Actor

SOURCE_MAX = 300


class DestinationPort(Base):
    """A POD the operator recorded for an arrival country."""

    __tablename__ = "customs_destination_ports"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO alpha-2
    code: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(SOURCE_MAX))
    recorded_by: Mapped[str] = mapped_column(String(60))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PortRefused(CustomsError):
    """The operator's port row cannot be recorded; ``reason`` is a stable key to translate."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def destination_ports(session: Session) -> dict[str, str]:
    """Arrival country -> POD, the operator's rows over the built-in table (one query)."""
    ports = {country: row.code for country, row in PORT_CODES.items()}
    for country, code in session.execute(select(DestinationPort.country, DestinationPort.code)):
        ports[country] = code
    return ports


def recorded_ports(session: Session) -> list[DestinationPort]:
    return list(session.scalars(select(DestinationPort).order_by(DestinationPort.country)))


def record_port(
    session: Session, *, country: str, code: str, name: str, source: str, actor: Actor
) -> DestinationPort:
    """Record (or correct) the POD of one country. Flushes, never commits."""
    country = country.strip().upper()
    code = code.strip().upper()
    source = source.strip()
    try:
        customs_country_code(country)
    except UnknownCodeError:
        raise PortRefused("unknown_country") from None
    if not is_port_code(code):
        raise PortRefused("bad_port_code")
    if not source:
        raise PortRefused("source_required")
    row = session.get(DestinationPort, country)
    if row is None:
        row = DestinationPort(country=country)
        session.add(row)
    row.code = code
    row.name = name.strip()[:100]
    row.source = source[:SOURCE_MAX]
    row.recorded_by = actor.label
    row.recorded_at = utcnow()
    session.flush()
    return row


def built_in_ports() -> Mapping[str, str]:
    return {country: row.code for country, row in PORT_CODES.items()}


def forget_port(session: Session, country: str) -> bool:
    """Remove the operator's row of ``country`` (the built-in code, if any, applies again)."""
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return False  # names no country (and a NUL must never reach PostgreSQL)
    row = session.get(DestinationPort, code)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
