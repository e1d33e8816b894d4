"""A picture of its own for every demo product, until cooperatives upload photos.

Each picture is an SVG drawn from the product itself: its category's colours, a composition
chosen by the product code (so three oranges get three pictures), and its Chinese name. The same
product always gets the same picture; no two products share one.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

# category -> (background, accent, ink)
PALETTES = {
    "fresh_fruit": ("#fdf0e1", "#e88a2e", "#8a4308"),
    "tea": ("#eaf3e6", "#4f9a43", "#1f4d28"),
    "meat_poultry": ("#f8ece4", "#b5651d", "#5e2f0d"),
    "fish_seafood": ("#e6f0f7", "#3f7fb5", "#173e5c"),
    "spices_condiments": ("#fbe9e7", "#c62828", "#6d1010"),
    "vegetables": ("#eef6e4", "#6aa84f", "#2f5a1e"),
    "mushrooms_fungi": ("#f3ede6", "#8d6e63", "#4e342e"),
    "noodles_grains": ("#fbf4df", "#d4a72c", "#6b520c"),
    "soy_products": ("#f7f4ea", "#b9a66b", "#5a4d23"),
    "herbs": ("#edf5ec", "#5b8c5a", "#264d25"),
    "accessories": ("#efeef6", "#6a5acd", "#2e2667"),
    "clothing": ("#f4ecf4", "#9c4f96", "#4a2147"),
    "phone_accessories": ("#eceff1", "#546e7a", "#263238"),
}


def picture_svg(code: str, category: str, name: str) -> str:
    """The SVG of product ``code`` (400 x 300): distinct per code, coloured by category."""
    background, accent, ink = PALETTES.get(category, ("#f1efe8", "#8a8a8a", "#333333"))
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    shapes = []
    for index in range(6):
        x = 30 + digest[index] * 340 // 255
        y = 30 + digest[index + 6] * 200 // 255
        radius = 14 + digest[index + 12] % 46
        opacity = 0.18 + (digest[index + 18] % 50) / 100
        if digest[index + 24] % 3 == 0:
            shapes.append(
                f'<rect x="{x - radius}" y="{y - radius}" width="{radius * 2}" '
                f'height="{radius * 2}" rx="{radius // 3}" fill="{accent}" '
                f'opacity="{opacity:.2f}" transform="rotate({digest[index] % 90} {x} {y})"/>'
            )
        else:
            shapes.append(
                f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{accent}" opacity="{opacity:.2f}"/>'
            )
    angle = digest[30] % 180
    label = escape(name[:8])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">'
        f'<defs><linearGradient id="g" gradientTransform="rotate({angle} .5 .5)">'
        f'<stop offset="0" stop-color="{background}"/><stop offset="1" stop-color="#ffffff"/>'
        "</linearGradient></defs>"
        '<rect width="400" height="300" fill="url(#g)"/>'
        + "".join(shapes)
        + f'<rect x="40" y="200" width="320" height="64" rx="12" fill="#ffffff" opacity="0.85"/>'
        f'<text x="200" y="245" text-anchor="middle" font-size="34" fill="{ink}" '
        'font-family="Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif">'
        f"{label}</text></svg>"
    )
