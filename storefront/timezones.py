"""Time zones with zoneinfo only: a country's main zone, from the IANA ``zone.tab`` table.

``zone.tab`` lists each country's zones most populous first (``tzdata``, the IANA database
packaged for ``zoneinfo``), so the first entry is the zone a buyer there most likely lives in.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _main_zones() -> dict[str, str]:
    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones: dict[str, str] = {}
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, zone = line.split("\t")[:3]
        zones.setdefault(country, zone)
    return zones


def main_timezone(country_code: str) -> str | None:
    """The country's most populous time zone (``Asia/Tokyo`` for JP), or None if unknown."""
    return _main_zones().get(country_code.upper())
