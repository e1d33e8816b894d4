"""The parts of a page that belong to the person reading it, filled in per request.

A catalog page is the same for everyone with the same locale, currency and destination except
for a few personal parts: the account links (sign in, or "your orders" and the operator's
console links). The layout renders each through ``personal_part("<template>")``. Normally that
renders the part in place; while the page cache renders a page to share
(``shared_rendering()``), it leaves a marker instead, and the page cache fills each marked part
in for the visitor of the request being answered (``split_shared_page`` / ``fill_page``). So
signed-in visitors and buyers with a cart are served cached pages too, with their own links;
the CSRF token is the page cache's own slot (storefront/page_cache.py).

Each part declares what its HTML depends on, its *persona*: the account links depend only on
the locale and on whether the visitor is signed in, and with which role. A part is rendered
once per persona and process and then reused, so a cached page costs no template rendering.
The persona is read without loading anyone: a session without a user id (and no remember
cookie) is anonymous; otherwise Flask-Login loads the user as usual and the role decides.
Never add a part whose HTML holds anything of the visitor beyond what its persona names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from markupsafe import Markup

from storefront.i18n import current_locale

ANONYMOUS = ("anonymous",)


def account_persona() -> Hashable:
    """What the account links show: anonymous, or signed in with a role."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if "_user_id" not in session and remember_cookie not in request.cookies:
        return ANONYMOUS  # ``in`` reads the session without marking it accessed
    if not current_user.is_authenticated:
        return ANONYMOUS
    return ("signed in", current_user.role.value)


# Each personal part's template and the function naming what its HTML depends on.
PERSONAL_PARTS: dict[str, Callable[[], Hashable]] = {"_account_links.html": account_persona}
_MARKER = "<!--personal-part:{}-->"
_MARKER_PATTERN = re.compile(r"<!--personal-part:([\w.-]+)-->")
_MAX_RENDERED = 256

_rendered: dict[tuple, str] = {}
_lock = threading.Lock()


def _render_part(template: str) -> str:
    """The part for this request's visitor: a small template with only what it needs (the
    full template context would run every context processor again for a few links)."""
    part = current_app.jinja_env.get_template(template)
    return part.render(current_user=current_user, locale=current_locale())


def rendered_part(template: str) -> str:
    """The part's HTML for this visitor, rendered once per persona, locale and process."""
    persona = PERSONAL_PARTS.get(template)
    if persona is None:
        raise ValueError(f"{template} is not a declared personal part")
    key = (template, current_locale(), persona())
    html = _rendered.get(key)
    if html is None:
        html = _render_part(template)
        with _lock:
            if len(_rendered) >= _MAX_RENDERED:
                _rendered.clear()
            _rendered[key] = html
    return html


def personal_part(template: str) -> Markup:
    """The part rendered for this visitor, or its marker while a shared page is rendered."""
    if template not in PERSONAL_PARTS:
        raise ValueError(f"{template} is not a declared personal part")
    if g.get("shared_rendering"):
        return Markup(_MARKER.format(template))
    return Markup(rendered_part(template))


@contextmanager
def shared_rendering() -> Iterator[None]:
    """Render pages to share between visitors: personal parts become markers."""
    g.shared_rendering = True
    try:
        yield
    finally:
        g.shared_rendering = False


def split_shared_page(body: str, slots: dict[str, str]) -> tuple[str, ...]:
    """A shared page as text and slots: even items are text, odd items name a slot.

    A slot is a personal part's template name, or a key of ``slots`` (text the caller put in
    the page to mark one of its own slots, such as the CSRF token's placeholder). Done once
    when a page is stored, so that serving it is a join, not a search through the page.
    """
    alternatives = [re.escape(text) for text in slots.values()] + [_MARKER_PATTERN.pattern]
    names = {text: name for name, text in slots.items()}
    pieces: list[str] = []
    position = 0
    for match in re.finditer("|".join(alternatives), body):
        pieces.append(body[position : match.start()])
        part = match.group(match.lastindex) if match.lastindex else None
        pieces.append(part if part is not None else names[match.group(0)])
        position = match.end()
    pieces.append(body[position:])
    return tuple(pieces)


def fill_page(pieces: tuple[str, ...], values: dict[str, str]) -> str:
    """Join a split page, each slot given by ``values`` or rendered for this visitor."""
    out = list(pieces)
    for index in range(1, len(out), 2):
        name = out[index]
        if name in values:
            out[index] = values[name]
        elif name in PERSONAL_PARTS:
            out[index] = rendered_part(name)
        else:
            out[index] = ""
    return "".join(out)


def clear_rendered_parts() -> None:
    with _lock:
        _rendered.clear()


def init_app(app: Flask) -> None:
    app.jinja_env.globals["personal_part"] = personal_part
