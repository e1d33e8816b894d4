"""Every HS code the catalog sells is pinned to the legal units read from a published tariff table.

The pins below are the units the sources in ``catalog/data/hs_legal_units.json`` give; a change to
the data file (a new tariff year, a corrected row) has to change this test too, on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.demo.generator import HS_CODES as GENERATED_HS_CODES
from catalog.legal_units import KILOGRAM, PIECE, UnknownHsCode, legal_units_of, legal_units_table

DEMO_PRODUCTS = Path(__file__).parents[2] / "catalog" / "demo" / "data" / "products.json"
VERIFIED = {"code", "heading", "chapter", "exists", "unverified"}

PINNED = {
    "0706100000": (KILOGRAM, None),
    "0712391000": (KILOGRAM, None),
    "0714400001": (KILOGRAM, None),
    "0805100000": (KILOGRAM, None),
    "0805219000": (KILOGRAM, None),
    "0809300000": (KILOGRAM, None),
    "0902109000": (KILOGRAM, None),
    "0904210000": (KILOGRAM, None),
    "0904220000": (KILOGRAM, None),
    "1211903999": (KILOGRAM, None),
    "1602399100": (KILOGRAM, None),
    "1604199000": (KILOGRAM, None),
    "1902110000": (KILOGRAM, None),
    "1902190000": (KILOGRAM, None),
    "2103909000": (KILOGRAM, None),
    "2106909090": (KILOGRAM, None),
    "3926909090": (KILOGRAM, None),
    "6109100000": (PIECE, KILOGRAM),
    "7117190000": (KILOGRAM, None),
    "9615110000": (KILOGRAM, None),
}
# Rows whose own tariff line (code, name and units) was read in a published table.
READ_FROM_THE_TARIFF_LINE = {"0712391000", "0714400001", "0805100000", "0805219000", "0902109000",
                             "1902190000"}  # fmt: skip


def catalog_hs_codes() -> set[str]:
    products = json.loads(DEMO_PRODUCTS.read_text(encoding="utf-8"))
    return {product["hs_code"] for product in products} | set(GENERATED_HS_CODES)


@pytest.mark.parametrize("hs_code", sorted(catalog_hs_codes()))
def test_each_catalog_hs_code_has_its_sourced_legal_units(hs_code):
    units = legal_units_of(hs_code)
    assert (units.unit1, units.unit2) == PINNED[hs_code]
    assert units.verified in VERIFIED and units.source.strip()
    assert len(hs_code) == 10 and hs_code.isdigit()


def test_the_table_holds_exactly_the_codes_the_catalog_sells():
    assert set(legal_units_table()) == catalog_hs_codes() == set(PINNED)


def test_rows_read_from_their_own_tariff_line_say_so():
    for hs_code in READ_FROM_THE_TARIFF_LINE:
        assert legal_units_of(hs_code).verified == "code"
        assert "http" in legal_units_of(hs_code).source


def test_a_code_is_found_with_dots_and_refused_when_unknown():
    assert legal_units_of("0902.1090.00").unit1 == KILOGRAM
    with pytest.raises(UnknownHsCode):
        legal_units_of("0714409000")  # the taro line before the tariff split it
    with pytest.raises(UnknownHsCode):
        legal_units_of("")
