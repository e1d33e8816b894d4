"""Two application instances (two machines) sharing one database and one Redis.

Each instance's process caches are emptied before it answers, as if it ran in another process
on another machine: what it serves from cache then came through Redis, and what it shows fresh
came through the catalog stamp in the shared database. The same shape with two gunicorn
masters and PostgreSQL is benchmarks/two_instances.py.
"""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from catalog.models import ProductTranslation
from storefront import create_app
from storefront.extensions import db
from storefront.fragments import clear_fragment_caches
from storefront.page_cache import page_cache
from storefront.personal_parts import clear_rendered_parts
from tests.factories import make_product


def settings(database: str, redis_url: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database,
        "SECRET_KEY": "one-secret-for-every-machine-of-the-shop",
        "REDIS_URL": redis_url,
        "PAGE_CACHE_SECONDS": 60,
        "FRAGMENT_CACHE_SECONDS": 300,
        "CATALOG_STAMP_SECONDS": 0.3,
        "MAIL_BACKEND": "memory",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


def as_another_machine() -> None:
    page_cache.clear()
    clear_fragment_caches()
    clear_rendered_parts()


@pytest.fixture
def two_machines(tmp_path, redis_url):
    database = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    first = create_app(settings(database, redis_url))
    second = create_app(settings(database, redis_url))
    with first.app_context():
        db.create_all()
        product = make_product(db.session, stock=5)
        slug = product.translations[0].slug
        variant_id = product.variants[0].id
        db.session.remove()
    as_another_machine()
    yield first, second, f"/en/products/{slug}", variant_id
    as_another_machine()
    for machine in (first, second):
        with machine.app_context():
            db.engine.dispose()


def title(html: str) -> str:
    return re.search(r"<h1[^>]*>([^<]+)</h1>", html).group(1).strip()


def test_a_page_rendered_by_one_machine_is_served_by_the_other_through_redis(two_machines):
    first, second, path, _variant = two_machines
    rendered = first.test_client().get(path)
    assert rendered.headers["X-Page-Cache"] == "miss"
    as_another_machine()
    shared = second.test_client().get(path)
    assert shared.headers["X-Page-Cache"] == "shared"
    assert title(shared.get_data(as_text=True)) == title(rendered.get_data(as_text=True))
    assert second.test_client().get(path).headers["X-Page-Cache"] == "hit"  # its own copy now


def test_an_edit_through_one_machine_is_fresh_on_the_other_within_the_stamp_seconds(two_machines):
    first, second, path, _variant = two_machines
    assert second.test_client().get(path).status_code == 200  # cached on the second machine
    with first.app_context():
        text = db.session.scalars(
            select(ProductTranslation).where(ProductTranslation.locale == "en")
        ).one()
        text.name = "Guidong Linglong tea, spring picking"
        db.session.commit()
    time.sleep(0.4)  # CATALOG_STAMP_SECONDS: how late an edit may show
    html = second.test_client().get(path).get_data(as_text=True)
    assert title(html) == "Guidong Linglong tea, spring picking"


def test_a_cart_and_a_session_move_between_machines(two_machines):
    first, second, _path, variant_id = two_machines
    browser = first.test_client()
    assert (
        browser.post("/en/cart/add", data={"variant_id": variant_id, "quantity": 2}).status_code
        == 302
    )
    cookie = browser.get_cookie("session")
    other = second.test_client()
    other.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    cart = other.get("/en/cart").get_data(as_text=True)
    assert f'id="qty-{variant_id}"' in cart and 'value="2"' in cart


def test_without_redis_the_page_cache_stays_in_the_process(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "MAIL_BACKEND": "memory"}
    )
    assert app.extensions["shared_pages"] is None and app.extensions["shared_redis"] is None
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("sqlite-file://")


def test_a_redis_outage_costs_the_shared_copies_not_the_pages(two_machines, caplog):
    first, _second, path, _variant = two_machines
    gone = create_app(
        {**settings(first.config["SQLALCHEMY_DATABASE_URI"], "redis://127.0.0.1:1/0")}
    )
    client = gone.test_client()
    answers = []
    for _ in range(3):
        as_another_machine()
        answers.append(client.get(path))
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [answer.headers["X-Page-Cache"] for answer in answers] == ["miss"] * 3
    assert caplog.text.count("redis unreachable") == 1  # then left alone for a few seconds
    with gone.app_context():
        db.engine.dispose()


def test_a_shared_page_survives_the_trip_through_redis_and_odd_text_is_not_shared():
    from storefront.page_cache import SharedPage, SharedPageStore

    page = SharedPage(200, ("<p>茶", "csrf token", "</p>"), True)
    assert SharedPageStore.decode(SharedPageStore.encode(page)) == page
    assert SharedPageStore.encode(SharedPage(200, ("a\x00b",), False)) is None
    assert SharedPageStore.decode(b"not a page") is None
