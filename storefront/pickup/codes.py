"""Pickup codes: random, long enough not to be guessed, easy to read out, with a QR code.

A code is 10 characters of Crockford's base-32 alphabet (no I, L, O or U), 50 random bits from
``secrets``: with the counter's rate limit (a few tries a minute per staff member and address)
guessing one is hopeless, and the buyer's ID is checked as well. It is shown grouped
(``K7QM-4XZD-9P``); what staff type or scan is folded back (case, spaces, dashes, O→0, I/L→1).
The shop stores only its SHA-256 (to find the order) and a sealed copy (to show it to the buyer).
"""

from __future__ import annotations

import hashlib
import secrets
from io import BytesIO
from typing import Final
from xml.sax.saxutils import quoteattr

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
LENGTH: Final = 10
_FOLD: Final = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def new_pickup_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str | None) -> str | None:
    """The code someone typed or scanned, or None when it cannot be one."""
    text = (raw or "").strip().upper().translate(_FOLD)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def code_digest(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def qr_svg(code: str, *, title: str) -> str:
    """The code as an inline SVG QR code (segno), titled for screen readers."""
    import segno  # about 9 MB: loaded by the pages that draw a code, not by every worker

    qr = segno.make_qr(code, error="m")
    svg = qr.svg_inline(scale=6, border=2, title=title, dark="#1b1b1b", light="#ffffff")
    return svg.replace("<svg ", f'<svg role="img" aria-label={quoteattr(title)} ', 1)


def qr_svg_document(code: str, *, title: str) -> bytes:
    """The same QR code as a standalone SVG file (the e-mail attachment)."""
    import segno

    qr = segno.make_qr(code, error="m")
    buffer = BytesIO()
    qr.save(buffer, kind="svg", scale=6, border=2, title=title, xmldecl=True)
    return buffer.getvalue()
