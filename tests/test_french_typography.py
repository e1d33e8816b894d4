"""French punctuation spacing reaches the pages: no line break before a colon."""

from __future__ import annotations

from storefront.french_typography import french_spacing


def test_french_spacing_puts_no_break_spaces_before_french_punctuation():
    assert french_spacing("Linwu : les règles") == "Linwu\u00a0: les règles"
    assert french_spacing("Vraiment ? Oui ; « bien »") == (
        "Vraiment\u202f? Oui\u202f; «\u202fbien\u202f»"
    )
    assert french_spacing("http://example.fr/a:b") == "http://example.fr/a:b"


def test_the_compiled_french_catalog_carries_the_spacing(client):
    page = client.get("/fr/cart").get_data(as_text=True)
    assert "Votre panier" in page
    from flask_babel import force_locale, gettext

    with client.application.test_request_context("/fr/"), force_locale("fr"):
        assert gettext("Documents:") == "Documents\u00a0:"


def test_a_french_county_reads_naturally_after_a_preposition(app):
    from flask_babel import force_locale

    from storefront.shop.labels import place_in_sentence

    with app.test_request_context("/fr/"), force_locale("fr"):
        assert place_in_sentence("Comté de Linwu") == "le comté de Linwu"
        assert place_in_sentence("Ville de Zixing") == "la ville de Zixing"
    with app.test_request_context("/en/"), force_locale("en"):
        assert place_in_sentence("Linwu County") == "Linwu County"
