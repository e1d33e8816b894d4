"""Product search across every translation, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).

Each product has one search document (``product_search_documents``): the names, summaries and
slugs of the product, its county and its brand in every locale, casefolded. A query is split into
terms; every term must occur as a substring of the document. Terms of three characters or more
use the trigram index (FTS5 ``MATCH`` on SQLite; ``LIKE`` served by the pg_trgm GIN index on
PostgreSQL). Trigram indexes cannot answer shorter terms: one or two Chinese characters, such as
鸭, are looked up among each document's Chinese character grams (an FTS5 unicode61 table on
SQLite, a GIN index over the gram array on PostgreSQL); other short terms fall back to a
``LIKE`` scan of the documents.

The index finds candidates by substring; ``term_matches`` then keeps the words: a Latin term
must begin a word ("tea" finds "teas", not "steamed"), an Arabic term must be a whole word with
its usual attached prefixes and suffixes ("بط" finds "البط", not "ببطء"), Chinese terms keep
matching character grams. Pinyin is indexed spaced and joined from every syllable, so "lu ya",
"luya" and "linwuluya" all find 临武卤鸭. A query that is exactly a pack's SKU or barcode lists
that product first.

The documents are kept in sync by the catalog services: whoever creates or edits a product's,
county's or brand's texts calls ``index_products`` before committing.
"""

from __future__ import annotations

import re
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

from catalog.cards import ProductCard, cards_of, product_cards
from catalog.models import (
    Brand,
    Category,
    County,
    Product,
    ProductClass,
    ProductSearchDocument,
    ProductTranslation,
    Variant,
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
    """Toneless pinyin of a Chinese name, spaced, then joined from each syllable on.

    临武卤鸭 -> "lin wu lu ya", "linwuluya", "wuluya", "luya": a joined query ("luya") begins a
    word of the document, as word-aware matching needs.
    """
    if not _has_han(text):
        return []
    # Imported here: pypinyin's dictionaries take about 55 MB, and only indexing needs them
    # (a web worker serving pages never loads them).
    from pypinyin import lazy_pinyin

    syllables = [s.strip() for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    if not syllables:
        return []
    joined = ["".join(syllables[start:]) for start in range(len(syllables) - 1)]
    return [" ".join(syllables), *joined] if joined else [" ".join(syllables)]


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


_ARABIC_LETTERS = re.compile(r"[\u0621-\u064a\u066e-\u06d3]+")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # short vowels, tatweel
# Attached conjunctions, prepositions and the article, then common endings (feminine, plural,
# dual, possessive): "البط", "وبالبط", "بطة" are the word "بط"; "ببطء" (slowly) is not.
_ARABIC_PREFIXES = ("", "ال", "و", "ف", "ب", "ك", "ل", "وال", "فال", "بال", "كال", "لل", "وب", "ول")
_ARABIC_SUFFIXES = ("", "ة", "ات", "ان", "ين", "ون", "ه", "ها", "هم", "ي", "ك", "نا", "تي")


def _is_arabic(term: str) -> bool:
    return bool(_ARABIC_LETTERS.fullmatch(term))


def _arabic_word_matches(term: str, word: str) -> bool:
    for prefix in _ARABIC_PREFIXES:
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        if rest.startswith(term) and rest[len(term) :] in _ARABIC_SUFFIXES:
            return True
    return False


def term_matches(term: str, document: str) -> bool:
    """Word-aware: does ``term`` (normalised) occur in ``document`` as a buyer means it?"""
    if _has_han(term):
        return term in document  # Chinese has no spaces: character grams, as indexed
    if _is_arabic(term):
        words = _ARABIC_LETTERS.findall(_ARABIC_MARKS.sub("", document))
        return any(_arabic_word_matches(_ARABIC_MARKS.sub("", term), word) for word in words)
    return re.search(r"(?<!\w)" + re.escape(term), document) is not None


def exact_code_product_ids(session: Session, query: str) -> list[int]:
    """Products with a pack whose SKU or barcode is exactly the query (case-insensitive SKU)."""
    code = query.strip()
    if not code or " " in code or len(code) > 40:
        return []
    stmt = (
        select(Variant.product_id)
        .where(or_(func.upper(Variant.sku) == code.upper(), Variant.barcode == code))
        .order_by(Variant.product_id)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


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


def _filtered(stmt: Select[tuple[Product]], filters: SearchFilters) -> Select[tuple[Product]]:
    if filters.county_code:
        stmt = stmt.where(Product.county.has(County.code == filters.county_code))
    if filters.brand_code:
        stmt = stmt.where(Product.brand.has(Brand.code == filters.brand_code))
    if filters.category:
        stmt = stmt.where(Product.category == filters.category)
    if filters.in_season_month:
        stmt = stmt.where(Product.season_mask.op("&")(1 << (filters.in_season_month - 1)) != 0)
    return stmt


def search_statement(session: Session, filters: SearchFilters) -> Select[tuple[Product]]:
    """The visible products whose document holds every term as a substring, and the filters.

    A superset of the results: ``search_products`` keeps those whose words match.
    """
    dialect = session.get_bind().dialect.name
    stmt = visible_products(filters.excluded_classes)
    terms = query_terms(filters.query)
    if terms:
        stmt = stmt.join(ProductSearchDocument, ProductSearchDocument.product_id == Product.id)
        for position, term in enumerate(terms):
            stmt = stmt.where(_term_condition(term, position, dialect))
    return _filtered(stmt, filters)


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


def matching_product_ids(session: Session, filters: SearchFilters) -> list[int] | None:
    """Ids of the products a query matches, best first; None for filters alone (no terms).

    Word-aware: the full-text index narrows the candidates, then each term must begin a word
    of the document (Latin and Arabic) or stand in it (Chinese character grams). Exact SKU or
    barcode matches come first.
    """
    terms = query_terms(filters.query)
    if not terms:
        return None
    order = (name_match_rank(terms), Product.is_featured.desc(), Product.code)
    stmt = search_statement(session, filters)
    rows = session.execute(
        stmt.with_only_columns(Product.id, ProductSearchDocument.document).order_by(*order)
    ).all()
    matching = [(pid, doc) for pid, doc in rows if all(term_matches(t, doc) for t in terms)]
    phrase = " ".join(terms)
    if len(terms) > 1 and any(term_matches(phrase, doc) for _pid, doc in matching):
        # The words typed together ("lu ya") stand together in some products: those are
        # meant, not a text with "lutsinar ... yang" somewhere.
        matching = [(pid, doc) for pid, doc in matching if term_matches(phrase, doc)]
    ids = [pid for pid, _doc in matching]
    code_ids = exact_code_product_ids(session, filters.query)
    if code_ids:
        allowed = _filtered(visible_products(filters.excluded_classes), filters)
        found = session.scalars(
            allowed.with_only_columns(Product.id).where(Product.id.in_(code_ids))
        ).all()
        ids = [*found, *(pid for pid in ids if pid not in set(found))]
    return ids


# Filters without a query: featured products first, then by code.
FILTERS_ONLY_ORDER = (Product.is_featured.desc(), Product.code)


def search_products(
    session: Session, filters: SearchFilters, *, page: int = 1, per_page: int = 24
) -> Page[Product]:
    """Matching products, exact SKU or barcode first, then names, featured, code."""
    ids = matching_product_ids(session, filters)
    if ids is None:  # filters only: the database pages
        stmt = search_statement(session, filters)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        items = session.scalars(
            stmt.order_by(*FILTERS_ONLY_ORDER)
            .offset((page - 1) * per_page)
            .limit(per_page)
            .options(*card_loading())
        ).unique()
        return Page(list(items), page, per_page, total)
    window = ids[(page - 1) * per_page : page * per_page]
    loaded = {
        product.id: product
        for product in session.scalars(
            select(Product).where(Product.id.in_(window)).options(*card_loading())
        ).unique()
    }
    return Page([loaded[pid] for pid in window if pid in loaded], page, per_page, len(ids))


def search_product_cards(
    session: Session, filters: SearchFilters, *, page: int = 1, per_page: int = 24
) -> Page[ProductCard]:
    """``search_products`` for the shop's result page: the same results, as product cards."""
    ids = matching_product_ids(session, filters)
    if ids is None:
        stmt = search_statement(session, filters)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        items = cards_of(
            session,
            stmt.order_by(*FILTERS_ONLY_ORDER).offset((page - 1) * per_page).limit(per_page),
        )
        return Page(items, page, per_page, total)
    window = ids[(page - 1) * per_page : page * per_page]
    return Page(product_cards(session, window), page, per_page, len(ids))
