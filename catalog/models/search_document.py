"""One searchable text per product: every translation's words, casefolded.

The table is plain SQL on every database. The full-text indexes over it are database-specific
and created by the migration: FTS5 tables (trigram, and unicode61 for the Chinese character
grams) kept in sync by triggers on SQLite, GIN indexes (pg_trgm, and the gram array) on
PostgreSQL (see catalog.search).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base


class ProductSearchDocument(Base):
    __tablename__ = "product_search_documents"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    document: Mapped[str] = mapped_column(Text, default="")
    # The distinct Chinese characters and adjacent pairs of the texts, space-separated: what
    # 1-2 character queries look up (trigram indexes need 3 characters).
    han_grams: Mapped[str] = mapped_column(Text, default="")
