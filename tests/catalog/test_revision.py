"""The catalog's revision moves with every change to what pages show, and with nothing else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from catalog.models import (
    Batch,
    BatchKind,
    CatalogRevision,
    CountyTranslation,
    ExchangeRate,
    ProductTranslation,
)
from catalog.revision import record_catalog_change
from tests.factories import make_producer, make_product


def _revision(session) -> int:
    return session.scalar(select(CatalogRevision.revision))


def test_a_translation_only_edit_moves_the_revision(db_session):
    product = make_product(db_session, locales=("en", "fr"))
    before = _revision(db_session)
    french = next(t for t in product.translations if t.locale == "fr")
    french.summary = "Un thé vert de montagne."
    db_session.flush()
    assert _revision(db_session) == before + 1


def test_a_new_translation_and_a_removed_one_move_it(db_session):
    product = make_product(db_session, locales=("en", "fr"))
    before = _revision(db_session)
    product.translations.append(ProductTranslation(locale="ms", name="Teh", slug="teh-ujian"))
    db_session.flush()
    assert _revision(db_session) == before + 1
    product.translations.remove(next(t for t in product.translations if t.locale == "fr"))
    db_session.flush()
    assert _revision(db_session) == before + 2


def test_a_county_text_a_new_batch_and_a_removed_pack_move_it(db_session):
    product = make_product(db_session)
    before = _revision(db_session)
    county_text = db_session.scalars(
        select(CountyTranslation).where(CountyTranslation.county_id == product.county_id)
    ).first()
    county_text.name = "Renamed County"
    db_session.flush()
    db_session.add(
        Batch(
            product=product,
            lot_number="LOT-REV-1",
            kind=BatchKind.HARVEST,
            produced_on=date(2026, 11, 1),
        )
    )
    db_session.flush()
    db_session.delete(product.variants[0])
    db_session.flush()
    assert _revision(db_session) == before + 3


def test_one_flush_moves_it_once(db_session):
    producer = make_producer(db_session)
    before = _revision(db_session)
    make_product(db_session, producer, locales=("en", "fr", "zh-hans"))
    assert _revision(db_session) == before + 1


def test_flushes_without_a_catalog_change_leave_it(db_session):
    product = make_product(db_session)
    before = _revision(db_session)
    product.is_published = product.is_published  # touched, not changed
    db_session.add(
        ExchangeRate(currency="USD", effective_on=date(2026, 12, 4), units_per_cny=Decimal("0.14"))
    )  # a rate is reference data, not a page's content: display caches key on the rate itself
    db_session.flush()
    assert _revision(db_session) == before


def test_recording_a_change_by_hand_moves_it(db_session):
    before = _revision(db_session)
    record_catalog_change(db_session)
    assert _revision(db_session) == before + 1
