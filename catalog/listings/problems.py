"""Problems with what a cooperative entered or with what a listing still lacks.

``code`` is a stable key (the web layer shows a translated sentence for it); ``field`` names
the form field or the part of the listing; ``subject`` carries a value to show (a SKU, a
locale, an HS code), never a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.exceptions import CatalogError


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    subject: str = ""


class ListingRefused(CatalogError):
    """What was asked was refused; ``problems`` lists every reason, not only the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.code} {p.subject}".strip() for p in problems))
        self.problems = tuple(problems)


def refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise ListingRefused(problems)
