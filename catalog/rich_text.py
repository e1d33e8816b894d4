"""Rich text that people write (descriptions, brand stories): the tags kept, cleaned with nh3.

Cleaned when it is saved (``clean_rich_text``) and again when it is shown (the template filter),
so neither a stored value from before nor a template mistake can carry a script.
"""

from __future__ import annotations

from typing import Final

import nh3

RICH_TEXT_TAGS: Final = frozenset(
    {"p", "em", "strong", "ul", "ol", "li", "br", "h3", "h4", "blockquote"}
)


def clean_rich_text(html: str | None) -> str:
    """Only harmless formatting: no attributes, no links, no scripts, no styles."""
    return nh3.clean(html or "", tags=set(RICH_TEXT_TAGS), attributes={}).strip()
