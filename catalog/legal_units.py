"""Legal units of quantity (法定计量单位) of the HS codes the catalog sells, and the listing check.

China's tariff gives every 10-digit commodity code a first legal unit and, for some, a second one
(garments: pieces and kilograms). Customs compares the declared legal quantities (``qty1``/``qty2``
of a CEB603 line) with these units, so they are data here, with their source, not a guess made
when a parcel is declared: ``catalog/data/hs_legal_units.json`` (one row per code: ``unit1``,
``unit2`` as 3-digit customs unit codes, ``name_zh``, ``verified`` (how far the row was checked
against a published tariff table) and ``source``).

``check_listing(product)`` is run when a product is listed (the demo loader, and any service that
publishes a product): a product whose HS code has no legal units here, whose declared unit is a
weight or volume instead of what is sold, or whose packs have no net content is refused with every
reason. Adding a new kind of goods is one row in the JSON file, with where it was checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from catalog.exceptions import InvalidCatalogData

if TYPE_CHECKING:
    from collections.abc import Mapping

    from catalog.models import Product

LEGAL_UNITS_FILE: Final = Path(__file__).parent / "data" / "hs_legal_units.json"
KILOGRAM: Final = "035"
PIECE: Final = "011"  # 件
# Units a pack is sold in (申报计量单位): what the buyer counts. Weights and volumes are legal
# units, never the declared unit of a pack.
MEASURE_UNITS: Final = frozenset({"030", "032", "035", "036", "070", "095", "096"})
PACK_UNITS: Final = MappingProxyType(
    {
        "001": "台",
        "006": "套",
        "007": "个",
        "008": "只",
        "011": "件",
        "012": "支",
        "015": "条",
        "016": "把",
        "017": "块",
        "020": "片",
        "025": "双",
        "120": "箱",
        "122": "罐",
        "123": "桶",
        "125": "包",
        "136": "袋",
        "139": "粒",
        "140": "盒",
        "142": "瓶",
        "163": "部",
    }
)


@dataclass(frozen=True, slots=True)
class LegalUnits:
    """First and (optional) second legal unit of one HS code, as 3-digit customs unit codes."""

    hs_code: str
    unit1: str
    unit2: str | None
    name_zh: str
    verified: str  # code | heading | chapter | exists | unverified (see the JSON file's "about")
    source: str


class UnknownHsCode(InvalidCatalogData):
    """No legal units are recorded for this HS code: add its row (with a source) first."""

    def __init__(self, hs_code: str) -> None:
        super().__init__("hs_code", f"no legal units recorded for HS code {hs_code}")
        self.hs_code = hs_code


@cache
def legal_units_table() -> Mapping[str, LegalUnits]:
    raw = json.loads(LEGAL_UNITS_FILE.read_text(encoding="utf-8"))
    rows = {
        row["hs_code"]: LegalUnits(
            row["hs_code"],
            row["unit1"],
            row.get("unit2"),
            row["name_zh"],
            row["verified"],
            row["source"],
        )
        for row in raw["codes"]
    }
    return MappingProxyType(rows)


def legal_units_of(hs_code: str) -> LegalUnits:
    found = legal_units_table().get((hs_code or "").replace(".", "").strip())
    if found is None:
        raise UnknownHsCode(hs_code)
    return found


def listing_problems(product: Product) -> list[InvalidCatalogData]:
    """Every reason customs would refuse this product's declarations; empty when it may list."""
    problems: list[InvalidCatalogData] = []
    if not product.hs_code:
        problems.append(InvalidCatalogData("hs_code", "an exported product needs its HS code"))
    else:
        try:
            legal_units_of(product.hs_code)
        except UnknownHsCode as unknown:
            problems.append(unknown)
    unit = product.customs_unit or ""
    if unit in MEASURE_UNITS:
        problems.append(
            InvalidCatalogData(
                "customs_unit",
                f"{unit} is a weight or volume: declare the pack's unit (袋, 盒, 瓶...)",
            )
        )
    elif unit not in PACK_UNITS:
        problems.append(InvalidCatalogData("customs_unit", f"unknown pack unit {unit!r}"))
    for variant in product.variants:
        if variant.net_weight_g <= 0:
            problems.append(
                InvalidCatalogData("net_weight_g", f"{variant.sku}: the net content is missing")
            )
    return problems


def check_listing(product: Product) -> None:
    """Raise the first problem of ``listing_problems`` (all of them in its message)."""
    problems = listing_problems(product)
    if problems:
        raise InvalidCatalogData(
            "customs", "; ".join(f"{problem.field}: {problem.message}" for problem in problems)
        )
