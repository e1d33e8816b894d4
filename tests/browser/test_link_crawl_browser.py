"""Every internal link a visitor can follow, in two locales, answers without a 4xx or 5xx."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

pytestmark = pytest.mark.browser

HREF = re.compile(r'<a\s[^>]*href="([^"]+)"')
MAX_PAGES = 600


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_no_internal_link_is_dead(live_server, browser, locale):
    context = browser.new_context()
    request = context.request
    start = f"{live_server}/{locale}/"
    queue, seen, dead = [start], {start}, []
    while queue and len(seen) <= MAX_PAGES:
        url = queue.pop(0)
        response = request.get(url, max_redirects=5)
        if response.status >= 400:
            dead.append((url, response.status))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in HREF.findall(response.text()):
            target, _fragment = urldefrag(urljoin(url, href.replace("&amp;", "&")))
            parsed = urlparse(target)
            if parsed.scheme not in ("http", "https") or target.split("/")[2] != url.split("/")[2]:
                continue  # mailto:, other sites
            # stay in this locale's pages (other locales are crawled by their own run)
            if not parsed.path.startswith(f"/{locale}/") or parsed.path.startswith(
                f"/{locale}/account/logout"
            ):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    context.close()
    assert not queue, f"more than {MAX_PAGES} pages: raise MAX_PAGES"
    print(f"{locale}: {len(seen)} internal URLs followed")
    assert not dead, dead
    assert len(seen) > 50  # the crawl reached the catalog, not just the home page
