"""Product search across every translation, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).

Each product has one search document (``product_search_documents``): the names, summaries and
slugs of the product, its county and its brand in every locale, casefolded. A query is split into
terms; every term must occur as a substring of the document. Terms of three characters or more
use the trigram index (FTS5 ``MATCH`` on SQLite; ``LIKE`` served by the pg_trgm GIN index on
PostgreSQL). Trigram indexes cannot answer shorter terms: one or two Chinese characters, such as
鸭, are looked up among each document's Chinese character grams (an FTS5 unicode61 table on
SQLite, a GIN index over the gram array on PostgreSQL); other short terms fall back to a
``LIKE`` scan of the documents.

The documents are kept in sync by the catalog services: whoever creates or edits a product's,
county's or brand's texts calls ``index_products`` before committing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from catalog.cards import ProductCard, cards_of
from catalog.models import (
    Brand,
    Category,
    County,
    Product,
    ProductClass,
    ProductSearchDocument,
    ProductTranslation,
)
from catalog.queries import Page, card_loading, visible_products

SQLITE_FTS_TABLE = "product_search_fts"
SQLITE_HAN_FTS_TABLE = "product_search_fts_han"
POSTGRES_SEARCH_INDEXES = frozenset(
    {"ix_product_search_documents_document_trgm", "ix_product_search_documents_han_grams"}
)
TRIGRAM_LENGTH = 3
MAX_TERMS = 8
_INDEX_CHUNK = 500


def normalise_text(value: str) -> str:
    """NFKC + casefold + single spaces: how documents and queries are compared."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, at most MAX_TERMS."""
    terms: list[str] = []
    for term in normalise_text(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _texts_of(obj, fields: Sequence[str]) -> list[str]:
    texts: list[str] = []
    for row in obj.translations:
        for name in fields:
            value = getattr(row, name, "") or ""
            texts.append(value.replace("-", " ") if name == "slug" else value)
    return texts


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _has_han(text: str) -> bool:
    return any(_is_han(char) for char in text)


def han_grams(texts: Iterable[str]) -> str:
    """The distinct Chinese characters and adjacent character pairs of ``texts``, space-separated.

    A query of one or two Chinese characters is a substring of a text exactly when it is one of
    these grams, so an index over them answers what a trigram index cannot.
    """
    grams: dict[str, None] = {}
    for value in texts:
        normalised = normalise_text(value)
        for index, char in enumerate(normalised):
            if not _is_han(char):
                continue
            grams[char] = None
            following = normalised[index + 1 : index + 2]
            if following and _is_han(following):
                grams[char + following] = None
    return " ".join(grams)


def is_short_han_term(term: str) -> bool:
    return 1 <= len(term) < TRIGRAM_LENGTH and all(_is_han(char) for char in term)


def pinyin_forms(text: str) -> list[str]:
    """Toneless pinyin of a Chinese name, spaced and joined: 临武卤鸭 -> lin wu lu ya, linwuluya."""
    if not _has_han(text):
        return []
    # Imported here: pypinyin's dictionaries take about 55 MB, and only indexing needs them
    # (a web worker serving pages never loads them).
    from pypinyin import lazy_pinyin

    syllables = [s.strip() for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    return [" ".join(syllables), "".join(syllables)] if syllables else []


def _names_of(obj) -> list[str]:
    names = [row.name for row in obj.translations if getattr(row, "name", "")]
    return [form for name in names for form in pinyin_forms(name)]


def _product_texts(product: Product) -> list[str]:
    texts = _texts_of(product, ("name", "summary")) + _texts_of(product.county, ("name",))
    if product.brand is not None:
        texts += _texts_of(product.brand, ("name",))
    return texts


def build_document(product: Product) -> str:
    """Every word a buyer may type to find ``product``, in every locale, casefolded.

    Chinese names are also written in toneless pinyin, so "luya" or "bing tang cheng" find them.
    """
    parts = [product.code.replace("-", " ")]
    parts += _texts_of(product, ("name", "slug", "summary"))
    parts += _texts_of(product.county, ("name", "slug"))
    if product.brand is not None:
        parts += _texts_of(product.brand, ("name", "slug"))
    parts += _names_of(product) + _names_of(product.county)
    if product.brand is not None:
        parts += _names_of(product.brand)
    seen: list[str] = []
    for part in (normalise_text(p) for p in parts):
        if part and part not in seen:
            seen.append(part)
    return " | ".join(seen)


def index_products(session: Session, products: Iterable[Product]) -> int:
    """Create or refresh the search documents of ``products``; flushes, never commits."""
    products = list(products)
    count = 0
    for start in range(0, len(products), _INDEX_CHUNK):
        chunk = products[start : start + _INDEX_CHUNK]
        existing = {
            doc.product_id: doc
            for doc in session.scalars(
                select(ProductSearchDocument).where(
                    ProductSearchDocument.product_id.in_([p.id for p in chunk])
                )
            )
        }
        for product in chunk:
            document = build_document(product)
            grams = han_grams(_product_texts(product))
            row = existing.get(product.id)
            if row is None:
                row = ProductSearchDocument(product_id=product.id)
                session.add(row)
            if row.document != document:
                row.document = document
            if row.han_grams != grams:
                row.han_grams = grams
            count += 1
        session.flush()
    return count


def reindex_all_products(session: Session) -> int:
    """Rebuild every product's search document (after a bulk import, or to repair)."""
    session.flush()
    products = session.scalars(select(Product).order_by(Product.id)).unique().all()
    return index_products(session, products)


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts5_phrase(term: str) -> str:
    """An FTS5 string literal: the term as one phrase, inner double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def _fts5_match(fts_table: str, term: str, position: int) -> ColumnElement[bool]:
    name = f"search_term_{position}"
    matching = (
        select(literal_column("rowid"))
        .select_from(table(fts_table))
        .where(text(f"{fts_table} MATCH :{name}").bindparams(**{name: _fts5_phrase(term)}))
    )
    return Product.id.in_(matching)


def _term_condition(term: str, position: int, dialect: str) -> ColumnElement[bool]:
    if is_short_han_term(term):
        if dialect == "sqlite":
            return _fts5_match(SQLITE_HAN_FTS_TABLE, term, position)
        if dialect == "postgresql":
            # Same expression as the GIN index: the array of grams contains the term.
            words = func.string_to_array(ProductSearchDocument.han_grams, literal_column("' '"))
            return words.op("@>")(postgresql.array([cast(literal(term), Text)]))
    if dialect == "sqlite" and len(term) >= TRIGRAM_LENGTH:
        return _fts5_match(SQLITE_FTS_TABLE, term, position)
    # PostgreSQL: LIKE on the document is answered by the pg_trgm GIN index (>= 3 characters)
    # and by a scan for other short terms; SQLite: the fallback for other short terms.
    return ProductSearchDocument.document.like(_like_pattern(term), escape="\\")


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    county_code: str | None = None
    brand_code: str | None = None
    category: Category | None = None
    in_season_month: int | None = None
    excluded_classes: frozenset[ProductClass] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            query_terms(self.query)
            or self.county_code
            or self.brand_code
            or self.category
            or self.in_season_month
            or self.excluded_classes
        )


def search_statement(session: Session, filters: SearchFilters) -> Select[tuple[Product]]:
    """The visible products matching every term and filter."""
    dialect = session.get_bind().dialect.name
    stmt = visible_products(filters.excluded_classes)
    terms = query_terms(filters.query)
    if terms:
        stmt = stmt.join(ProductSearchDocument, ProductSearchDocument.product_id == Product.id)
        for position, term in enumerate(terms):
            stmt = stmt.where(_term_condition(term, position, dialect))
    if filters.county_code:
        stmt = stmt.where(Product.county.has(County.code == filters.county_code))
    if filters.brand_code:
        stmt = stmt.where(Product.brand.has(Brand.code == filters.brand_code))
    if filters.category:
        stmt = stmt.where(Product.category == filters.category)
    if filters.in_season_month:
        stmt = stmt.where(Product.season_mask.op("&")(1 << (filters.in_season_month - 1)) != 0)
    return stmt


def name_match_rank(terms: list[str]) -> ColumnElement[int]:
    """0 when a product's name (in any locale) contains one of the terms, else 1.

    Results whose name says what was asked for come before those that only mention it in a
    description ("tea" lists the teas before a duck smoked over tea leaves).
    """
    if not terms:
        return literal(1)
    names_match = exists().where(
        ProductTranslation.product_id == Product.id,
        or_(
            *(
                func.lower(ProductTranslation.name).like(_like_pattern(term), escape="\\")
                for term in terms
            )
        ),
    )
    return case((names_match, 0), else_=1)


def search_products(
    session: Session, filters: SearchFilters, *, page: int = 1, per_page: int = 24
) -> Page[Product]:
    stmt = search_statement(session, filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rank = name_match_rank(query_terms(filters.query))
    items = session.scalars(
        stmt.order_by(rank, Product.is_featured.desc(), Product.code)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(*card_loading())
    ).unique()
    return Page(list(items), page, per_page, total)


def count_search_results(session: Session, filters: SearchFilters) -> int:
    stmt = search_statement(session, filters)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def search_product_cards(
    session: Session,
    filters: SearchFilters,
    *,
    page: int = 1,
    per_page: int = 24,
    total: int | None = None,
) -> Page[ProductCard]:
    """``search_products`` for the shop's result page: the same results, as product cards;
    ``total`` when the caller already knows the count (``count_search_results``)."""
    if total is None:
        total = count_search_results(session, filters)
    stmt = search_statement(session, filters)
    rank = name_match_rank(query_terms(filters.query))
    items = cards_of(
        session,
        stmt.order_by(rank, Product.is_featured.desc(), Product.code)
        .offset((page - 1) * per_page)
        .limit(per_page),
    )
    return Page(items, page, per_page, total)
