"""One searchable text per product: every translation's words, casefolded.

The table is plain SQL on every database. The full-text index over it is database-specific and
created by the migration: an FTS5 table with the trigram tokenizer kept in sync by triggers on
SQLite, a pg_trgm GIN index on PostgreSQL (see catalog.search).
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
