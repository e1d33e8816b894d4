from types import SimpleNamespace

from catalog.locales import fallback_chain
from catalog.translation import Localized, translated_field


def _obj(**rows):
    return SimpleNamespace(
        source_locale="zh-hans",
        translations=[SimpleNamespace(locale=locale, **fields) for locale, fields in rows.items()],
    )


def test_field_in_the_asked_locale_wins():
    obj = _obj(en={"name": "Linwu duck"}, fr={"name": "Canard de Linwu"})
    assert translated_field(obj, "name", "fr") == "Canard de Linwu"


def test_missing_field_falls_back_field_by_field():
    obj = _obj(
        fr={"name": "Canard de Linwu", "summary": ""},
        **{"zh-hans": {"name": "临武鸭", "summary": "卤制"}},
    )
    assert translated_field(obj, "name", "fr") == "Canard de Linwu"
    assert translated_field(obj, "summary", "fr") == "卤制"


def test_traditional_chinese_falls_back_to_simplified_before_english():
    obj = _obj(en={"name": "Linwu duck"}, **{"zh-hans": {"name": "临武鸭"}})
    assert translated_field(obj, "name", "zh-hant") == "临武鸭"


def test_source_language_then_english():
    assert fallback_chain("ar") == ("ar", "zh-hans", "en")
    assert fallback_chain("en") == ("en", "zh-hans")


def test_no_translation_at_all_gives_empty_text():
    assert translated_field(_obj(), "name", "en") == ""


def test_localized_reads_attributes():
    obj = _obj(ms={"name": "Itik Linwu"})
    assert Localized(obj, "ms").name == "Itik Linwu"
