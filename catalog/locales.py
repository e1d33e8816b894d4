"""The locales the shop is written in, and what is known about each."""

from __future__ import annotations

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "zh-hans", "zh-hant", "fr", "ms", "ar")
DEFAULT_LOCALE = "en"
SOURCE_LOCALE = "zh-hans"
RTL_LOCALES = frozenset({"ar"})

# URL code -> Babel identifier.
BABEL_IDENTIFIERS: dict[str, str] = {
    "en": "en",
    "zh-hans": "zh_Hans",
    "zh-hant": "zh_Hant",
    "fr": "fr",
    "ms": "ms",
    "ar": "ar",
}

# URL code -> BCP 47 tag for hreflang and <html lang>.
BCP47_TAGS: dict[str, str] = {
    "en": "en",
    "zh-hans": "zh-Hans",
    "zh-hant": "zh-Hant",
    "fr": "fr",
    "ms": "ms",
    "ar": "ar",
}

# Fallback chain for content: the locale itself, then its near relative, then the
# producers' source language, then English.
_NEAR_RELATIVES: dict[str, tuple[str, ...]] = {"zh-hant": ("zh-hans",), "zh-hans": ("zh-hant",)}


def fallback_chain(locale: str, source_locale: str = SOURCE_LOCALE) -> tuple[str, ...]:
    """Return the locales to try, in order, when a field is missing in ``locale``."""
    chain: list[str] = [locale, *_NEAR_RELATIVES.get(locale, ()), source_locale, DEFAULT_LOCALE]
    seen: list[str] = []
    for code in chain:
        if code not in seen:
            seen.append(code)
    return tuple(seen)
