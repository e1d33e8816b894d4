"""Destination port codes (指运港, ``POD`` of a CEB603): customs' own parameter codes, as data.

``POD`` is "指运港代码 · 海关参数代码" (ceb-export-202205.xsd: 3 to 4 characters), the code of the
final port of destination in customs' parameter tables, NOT an IATA airport code. The 2018 port
table (港口代码) uses 6-character codes (ISO alpha-3 + 3 digits, ``SGP000``) that do not fit a 3-4
character ``POD``; the rule customs gives for a final port that is not known in advance is to give
the country's own entry, and for a parcel (whose final port the carrier chooses) that is the
3-digit customs country/region code.

The table lives in ``data/destination_ports.json``: one row per destination the shop sells to, each
with the sources it was read from (named in the file's ``sources``). The operator can override a
row, or add one, in the console (``declarations.destination_ports``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

PORTS_FILE: Final = Path(__file__).parent / "data" / "destination_ports.json"
POD_MIN_LENGTH: Final = 3
POD_MAX_LENGTH: Final = 4


@dataclass(frozen=True, slots=True)
class PortCode:
    country: str  # ISO 3166-1 alpha-2 of the arrival country
    code: str  # POD: 3-4 characters of customs' parameter tables
    name_zh: str
    level: str  # "country": the country entry; "port": one port's own code
    source_keys: tuple[str, ...]  # keys of PORT_SOURCES: where the code was read

    @property
    def source(self) -> str:
        return "; ".join(PORT_SOURCES[key] for key in self.source_keys)


def _load() -> tuple[MappingProxyType, MappingProxyType]:
    raw = json.loads(PORTS_FILE.read_text(encoding="utf-8"))
    sources = MappingProxyType(dict(raw["sources"]))
    rows = {
        row["country"]: PortCode(
            row["country"],
            row["code"],
            row["name_zh"],
            row["level"],
            tuple(row["sources"]),
        )
        for row in raw["ports"]
    }
    unknown = {key for row in rows.values() for key in row.source_keys} - set(sources)
    if unknown:
        raise ValueError(f"{PORTS_FILE.name}: rows name unknown sources {sorted(unknown)}")
    return MappingProxyType(rows), sources


PORT_CODES, PORT_SOURCES = _load()


def is_port_code(value: str) -> bool:
    """A POD as the schema allows it: 3-4 letters or digits."""
    return (
        isinstance(value, str)
        and POD_MIN_LENGTH <= len(value) <= POD_MAX_LENGTH
        and value.isascii()
        and value.isalnum()
    )
