"""The catalog's revision: one row whose number moves with every change to what pages show."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, utcnow

CATALOG_REVISION_ROW = 1


class CatalogRevision(Base):
    """A single row (id 1): ``revision`` counts the transactions that changed the catalog.

    Written by ``catalog.revision`` only; read by the caches of what pages show.
    """

    __tablename__ = "catalog_revision"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
