"""Rich text that people write (descriptions, brand stories): the tags kept, cleaned with nh3.

Cleaned when it is saved (``clean_rich_text``) and again when it is shown (the template filter),
so neither a stored value from before nor a template mistake can carry a script.
"""

from __future__ import annotations

import html
import re
from typing import Final

import nh3

RICH_TEXT_TAGS: Final = frozenset(
    {"p", "em", "strong", "ul", "ol", "li", "br", "h3", "h4", "blockquote"}
)


def clean_rich_text(html: str | None) -> str:
    """Only harmless formatting: no attributes, no links, no scripts, no styles."""
    return nh3.clean(html or "", tags=set(RICH_TEXT_TAGS), attributes={}).strip()


def rich_text_from_input(text: str | None) -> str:
    """What a member typed, as stored rich text: plain text becomes paragraphs (a blank line
    starts one, a line break stays a line break); text with tags is cleaned as it is."""
    text = (text or "").replace("\r\n", "\n").strip()
    if "<" in text:
        return clean_rich_text(text)
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_OTHER_TAG = re.compile(r"<(?!/?p>|br>)[^>]*>")


def text_for_editing(stored: str | None) -> str:
    """Stored rich text as a member edits it: paragraphs and line breaks back to plain text
    when that is all it holds (the inverse of ``rich_text_from_input``), else as it is."""
    stored = stored or ""
    if _OTHER_TAG.search(stored) or _PARAGRAPH.sub("", stored).strip():
        return stored
    paragraphs = [html.unescape(body.replace("<br>", "\n")) for body in _PARAGRAPH.findall(stored)]
    return "\n\n".join(paragraphs)
