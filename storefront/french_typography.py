"""French punctuation spacing for the compiled French catalog.

French puts a no-break space before ":" and a narrow no-break space before ";", "!", "?" and
"»" (and after "«"), so "Linwu : les règles" never breaks before its colon. Translators type
ordinary spaces; ``translations compile`` writes the French .mo with the right ones.
"""

from __future__ import annotations

import re

NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"
_BEFORE = re.compile(r"[ \u00a0\u202f]+([:;!?»])")
_AFTER_OPENING_QUOTE = re.compile(r"«[ \u00a0\u202f]+")


def french_spacing(text: str) -> str:
    def space(match: re.Match[str]) -> str:
        mark = match.group(1)
        return (NO_BREAK_SPACE if mark == ":" else NARROW_NO_BREAK_SPACE) + mark

    return _AFTER_OPENING_QUOTE.sub("«" + NARROW_NO_BREAK_SPACE, _BEFORE.sub(space, text))
