"""The parts of a page that belong to the person reading it, filled in per request.

A catalog page is the same for everyone with the same locale, currency and destination except
for a few personal parts: the account links (sign in, or "your orders" and the operator's
console links). The layout renders each through ``personal_part("<template>")``. Normally that
renders the part in place; while the page cache renders a page to share
(``shared_rendering()``), it leaves a marker instead, and ``fill_personal_parts`` renders each
marked part for the visitor of the request being answered. So signed-in visitors and buyers
with a cart are served cached pages too, with their own links; the CSRF token is the page
cache's own placeholder (storefront/page_cache.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from flask_login import current_user
from markupsafe import Markup

from storefront.i18n import current_locale

PERSONAL_PARTS = frozenset({"_account_links.html"})
_MARKER = "<!--personal-part:{}-->"
_MARKER_PATTERN = re.compile(r"<!--personal-part:([\w.-]+)-->")


def _render_part(template: str) -> str:
    """The part for this request's visitor: a small template with only what it needs (the
    full template context would run every context processor again for a few links)."""
    part = current_app.jinja_env.get_template(template)
    return part.render(current_user=current_user, locale=current_locale())


def personal_part(template: str) -> Markup:
    """The part rendered for this visitor, or its marker while a shared page is rendered."""
    if template not in PERSONAL_PARTS:
        raise ValueError(f"{template} is not a declared personal part")
    if g.get("shared_rendering"):
        return Markup(_MARKER.format(template))
    return Markup(_render_part(template))


@contextmanager
def shared_rendering() -> Iterator[None]:
    """Render pages to share between visitors: personal parts become markers."""
    g.shared_rendering = True
    try:
        yield
    finally:
        g.shared_rendering = False


def fill_personal_parts(body: str) -> str:
    """Replace each personal part's marker with the part rendered for this request's visitor."""
    rendered: dict[str, str] = {}

    def part(match: re.Match[str]) -> str:
        template = match.group(1)
        if template not in PERSONAL_PARTS:
            return ""
        if template not in rendered:
            rendered[template] = _render_part(template)
        return rendered[template]

    return _MARKER_PATTERN.sub(part, body)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["personal_part"] = personal_part
