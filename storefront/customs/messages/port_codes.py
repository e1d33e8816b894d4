"""Destination port codes (指运港, ``POD`` of a CEB603): customs' own parameter codes.

``POD`` is "指运港代码 · 海关参数代码" (ceb-export-202205.xsd: 3 to 4 characters), the code of the
final port of destination in customs' port parameter table, NOT an IATA airport code. The 2018
merged declaration form moved general trade to 6-character codes (ISO alpha-3 + 3 digits,
``SGP000``), which do not fit a 3-4 character ``POD``. Where the port of destination cannot be
known in advance the rule of the port table is to give the country's own entry ("港口代码表中无港口
名称及代码的, 可选择填写相应的国家名称及代码"); for a parcel, whose final port a carrier chooses,
the country entry is what export-list integrations send: the 3-digit customs country code
(two public CEB603 builders put ``POD`` = the 3-digit country code).

Sources: ceb-export-202205.xsd (POD), docs/reference/customs-messages.md section 5 (the
country table two independent code tables agree on) and section 10 (POD notes), the 2018 port
table's rule quoted above (a customs-broker help page on 指运港, stored copy), the two builders
(public CEB603 code found by ``<ceb:POD>``). Only destinations whose code two tables confirm are
here; any other destination blocks its declarations until the operator records the code in the
console (``declarations.destination_ports``), where the code and its source are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class PortCode:
    country: str  # ISO 3166-1 alpha-2 of the arrival country
    code: str  # POD: 3-4 characters of customs' port parameter table
    name_zh: str
    source: str


_COUNTRY_ENTRY: Final = "customs country entry, two tables agree (customs-messages.md §5)"
_ROWS: Final = (
    ("HK", "110", "香港"),
    ("JP", "116", "日本"),
    ("MO", "121", "澳门"),
    ("MY", "122", "马来西亚"),
    ("PH", "129", "菲律宾"),
    ("SG", "132", "新加坡"),
    ("KR", "133", "韩国"),
    ("TH", "136", "泰国"),
    ("VN", "141", "越南"),
    ("BE", "301", "比利时"),
    ("GB", "303", "英国"),
    ("DE", "304", "德国"),
    ("FR", "305", "法国"),
    ("IT", "307", "意大利"),
    ("NL", "309", "荷兰"),
    ("ES", "312", "西班牙"),
    ("SE", "330", "瑞典"),
    ("CA", "501", "加拿大"),
    ("US", "502", "美国"),
    ("AU", "601", "澳大利亚"),
    ("NZ", "609", "新西兰"),
)
PORT_CODES: Final = MappingProxyType(
    {country: PortCode(country, code, name, _COUNTRY_ENTRY) for country, code, name in _ROWS}
)
POD_MIN_LENGTH: Final = 3
POD_MAX_LENGTH: Final = 4


def is_port_code(value: str) -> bool:
    """A POD as the schema allows it: 3-4 letters or digits."""
    return (
        isinstance(value, str)
        and POD_MIN_LENGTH <= len(value) <= POD_MAX_LENGTH
        and value.isascii()
        and value.isalnum()
    )
