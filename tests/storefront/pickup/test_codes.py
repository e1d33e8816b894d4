"""Pickup codes: random, 50 bits, readable, forgiving of how staff type them; their QR code."""

from __future__ import annotations

import math

from storefront.pickup.codes import (
    ALPHABET,
    LENGTH,
    code_digest,
    display_code,
    new_pickup_code,
    normalise_code,
    qr_svg,
    qr_svg_document,
)


def test_codes_are_long_random_and_unambiguous():
    codes = {new_pickup_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set("ILOU") & set(ALPHABET)
    assert LENGTH * math.log2(len(ALPHABET)) >= 50  # bits of entropy


def test_what_staff_type_or_scan_is_folded_back():
    code = "K7QM4XZD9P"
    assert display_code(code) == "K7QM-4XZD-9P"
    assert normalise_code(" k7qm-4xzd-9p ") == code
    assert normalise_code("1ILO") is None and normalise_code("") is None
    assert normalise_code("K7QM4XZDO9")[-2] == "0"  # an O read as zero
    assert normalise_code("K7QM4XZD9") is None  # one short


def test_only_a_digest_identifies_a_code():
    assert code_digest("K7QM4XZD9P") != code_digest("K7QM4XZD9Q")
    assert "K7QM4XZD9P" not in code_digest("K7QM4XZD9P")


def test_the_qr_code_is_an_accessible_svg():
    svg = qr_svg("K7QM4XZD9P", title="Pickup code K7QM-4XZD-9P")
    assert svg.startswith('<svg role="img" aria-label="Pickup code K7QM-4XZD-9P"')
    assert "<title>Pickup code K7QM-4XZD-9P</title>" in svg
    document = qr_svg_document("K7QM4XZD9P", title="code")
    assert document.startswith(b"<?xml") and b"<svg" in document
