"""The UI catalogs: complete, never fuzzy, and up to date with the strings in the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from catalog.locales import BABEL_IDENTIFIERS, DEFAULT_LOCALE
from storefront.cli import TRANSLATIONS_DIR, extract_arguments

# English is the language of the msgids: it needs no catalog.
CATALOG_LOCALES = sorted(code for url, code in BABEL_IDENTIFIERS.items() if url != DEFAULT_LOCALE)


def _catalog(babel_locale: str):
    path = TRANSLATIONS_DIR / babel_locale / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"missing catalog {path}"
    with path.open("rb") as handle:
        return read_po(handle, locale=babel_locale)


@pytest.fixture(scope="module")
def code_msgids(tmp_path_factory) -> set:
    """Every msgid the code uses, extracted exactly as `flask translations extract` does."""
    pot = Path(tmp_path_factory.mktemp("pot")) / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *extract_arguments(pot)],
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_there_is_a_catalog_for_every_non_english_locale():
    assert CATALOG_LOCALES == ["ar", "fr", "ms", "zh_Hans", "zh_Hant"]


@pytest.mark.parametrize("babel_locale", CATALOG_LOCALES)
def test_every_message_is_translated_and_not_fuzzy(babel_locale):
    catalog = _catalog(babel_locale)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not strings or any(not s.strip() for s in strings):
            problems.append(f"empty: {message.id!r}")
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(
                f"{len(strings)} plural forms, need {catalog.num_plurals}: {message.id!r}"
            )
    assert problems == []


@pytest.mark.parametrize("babel_locale", CATALOG_LOCALES)
def test_placeholders_match_the_msgids(babel_locale):
    errors = [
        (message.id, [str(error) for error in message_errors])
        for message, message_errors in _catalog(babel_locale).check()
    ]
    assert errors == []


def test_arabic_has_six_plural_forms():
    assert _catalog("ar").num_plurals == 6


@pytest.mark.parametrize("babel_locale", CATALOG_LOCALES)
def test_catalog_is_up_to_date_with_the_code(babel_locale, code_msgids):
    catalog_ids = {message.id for message in _catalog(babel_locale) if message.id}
    missing = code_msgids - catalog_ids
    assert missing == set(), "run `make translations` and translate the new strings"


@pytest.mark.parametrize(
    "locale, search_word",
    [("zh-hans", "搜索"), ("zh-hant", "搜尋"), ("fr", "Rechercher"), ("ms", "Cari"), ("ar", "بحث")],
)
def test_pages_use_the_catalogs(client, locale, search_word):
    html = client.get(f"/{locale}/").get_data(as_text=True)
    assert f">{search_word}</button>" in html
