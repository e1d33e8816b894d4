"""A picture of its own for every bonded good: an SVG drawn from the good itself.

The category decides the object (a can of milk powder, a jar of cream, a bottle of wine, a box
of capsules, a bag of nuts, a pan) and its colours; the SKU decides the shade and the
composition, so no two goods share a picture; the Chinese name is written on a label.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

# category -> (background, object, accent)
PALETTES = {
    "milk_powder": ("#eef4fb", "#f7f9fc", "#3f7fb5"),
    "cosmetics": ("#fbeef3", "#ffffff", "#b0436e"),
    "wine": ("#f6ecee", "#5b1a2b", "#c9a227"),
    "health_food": ("#eef6ea", "#ffffff", "#4f9a43"),
    "snacks": ("#fdf3e3", "#d9a441", "#8a4308"),
    "kitchenware": ("#eceff1", "#90a4ae", "#263238"),
}


def _object(category: str, fill: str, accent: str, tilt: int) -> str:
    if category == "milk_powder":
        return (
            f'<rect x="150" y="70" width="100" height="130" rx="10" fill="{fill}" '
            f'stroke="{accent}" stroke-width="4"/>'
            f'<rect x="146" y="62" width="108" height="18" rx="6" fill="{accent}"/>'
            f'<circle cx="200" cy="140" r="26" fill="{accent}" opacity="0.25"/>'
        )
    if category == "cosmetics":
        return (
            f'<rect x="155" y="110" width="90" height="80" rx="18" fill="{fill}" stroke="{accent}" '
            'stroke-width="4"/>'
            f'<rect x="160" y="92" width="80" height="24" rx="8" fill="{accent}"/>'
            f'<path d="M175 150 q25 -18 50 0" stroke="{accent}" stroke-width="3" fill="none"/>'
        )
    if category == "wine":
        return (
            f'<g transform="rotate({tilt - 8} 200 140)">'
            f'<rect x="182" y="40" width="36" height="40" rx="6" fill="{fill}"/>'
            f'<path d="M182 80 q-22 12 -22 40 v78 h80 v-78 q0 -28 -22 -40z" fill="{fill}"/>'
            f'<rect x="168" y="130" width="64" height="44" rx="4" fill="{accent}"/></g>'
        )
    if category == "health_food":
        return (
            f'<rect x="150" y="80" width="100" height="110" rx="12" fill="{fill}" '
            f'stroke="{accent}" stroke-width="4"/>'
            f'<ellipse cx="185" cy="215" rx="16" ry="8" fill="{accent}"/>'
            f'<ellipse cx="220" cy="215" rx="16" ry="8" fill="{accent}" opacity="0.6"/>'
            f'<path d="M185 120 h30 M200 105 v30" stroke="{accent}" stroke-width="8"/>'
        )
    if category == "snacks":
        return (
            f'<path d="M145 75 h110 l-10 130 h-90z" fill="{fill}" stroke="{accent}" '
            'stroke-width="3"/>'
            f'<circle cx="185" cy="140" r="12" fill="{accent}"/>'
            f'<circle cx="215" cy="155" r="12" fill="{accent}" opacity="0.8"/>'
            f'<circle cx="198" cy="172" r="10" fill="{accent}" opacity="0.6"/>'
        )
    if category == "kitchenware_set":  # a knife block
        return (
            f'<rect x="150" y="110" width="100" height="95" rx="8" fill="{fill}" '
            f'stroke="{accent}" stroke-width="4" transform="rotate(-8 200 160)"/>'
            + "".join(
                f'<rect x="{166 + 16 * i}" y="{62 + 4 * i}" width="9" height="52" rx="3" '
                f'fill="{accent}" transform="rotate(-8 200 160)"/>'
                for i in range(5)
            )
        )
    return (  # kitchenware: a pan
        f'<ellipse cx="190" cy="140" rx="70" ry="46" fill="{fill}" stroke="{accent}" '
        'stroke-width="5"/>'
        f'<ellipse cx="190" cy="140" rx="52" ry="32" fill="{accent}" opacity="0.2"/>'
        f'<rect x="255" y="132" width="80" height="16" rx="8" fill="{accent}" '
        f'transform="rotate({tilt % 12} 255 140)"/>'
    )


def bonded_picture_svg(sku: str, category: str, name: str, *, is_set: bool = False) -> str:
    """The SVG of one bonded good (400 x 300): distinct per SKU, drawn by category (a set of
    kitchenware is a knife block, a single piece a pan)."""
    background, fill, accent = PALETTES.get(category, ("#f1efe8", "#ffffff", "#666666"))
    if category == "kitchenware" and is_set:
        category = "kitchenware_set"
    digest = hashlib.sha256(sku.encode("utf-8")).digest()
    dots = "".join(
        f'<circle cx="{20 + digest[i] * 360 // 255}" cy="{20 + digest[i + 8] * 240 // 255}" '
        f'r="{4 + digest[i + 16] % 10}" fill="{accent}" opacity="0.12"/>'
        for i in range(8)
    )
    label = escape(name[:10])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">'
        f'<rect width="400" height="300" fill="{background}"/>'
        f"{dots}{_object(category, fill, accent, digest[30] % 16)}"
        '<rect x="40" y="226" width="320" height="56" rx="12" fill="#ffffff" opacity="0.9"/>'
        f'<text x="200" y="264" text-anchor="middle" font-size="28" fill="{accent}" '
        'font-family="Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif">'
        f"{label}</text></svg>"
    )
