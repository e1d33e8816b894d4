"""Host header, public URL, redirects, strict production mode, HSTS and Secure cookies."""

from __future__ import annotations

import pytest

from storefront import create_app
from storefront.accounts.services import register_buyer
from storefront.config import is_strong_secret_key, parse_environment
from storefront.customs.messages.signing import generate_development_keypair
from storefront.exceptions import ConfigurationError
from storefront.page_cache import page_cache
from storefront.security import safe_redirect_path

PRODUCT = "/en/products/linwu-braised-duck"
STRONG_KEY = "Zq8-rT3vLw9xYp2mKd7sNf4hJc6bGa1e"
PRODUCTION = {
    "ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "PAYMENT_PROVIDER": "stripe",
    "STRIPE_SECRET_KEY": "sk_test_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
    "PUBLIC_URL": "https://shop.example",
    "MAIL_BACKEND": "smtp",
    "RATELIMIT_ENABLED": False,
    "PICKUP_ID_KEY": "u5gS0ic3vyG1Wm0l9QmZl3r2GvhJx9d6cTq4o0l8Zx8=",  # bonded pickup's vault
}


# -- Host header and the public URL ---------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "shop.test.evil.example", "a b", "x:99999"])
def test_a_request_for_an_untrusted_host_is_refused(app, host):
    response = app.test_client().get(PRODUCT, headers={"Host": host})
    assert response.status_code == 400
    assert "evil" not in response.get_data(as_text=True)


def test_absolute_links_use_the_public_url_whatever_trusted_host_was_asked(app):
    html = (
        app.test_client()
        .get(PRODUCT, headers={"Host": "localhost:5000", "X-Forwarded-Host": "evil.example"})
        .get_data(as_text=True)
    )
    assert 'rel="canonical" href="http://shop.test/en/products/' in html
    assert "localhost" not in html and "evil.example" not in html
    sitemap = app.test_client().get("/sitemap.xml", headers={"Host": "127.0.0.1"})
    assert "http://shop.test/sitemaps/en.xml" in sitemap.get_data(as_text=True)


def test_the_password_reset_link_never_takes_the_requests_host(app, client, db_session, outbox):
    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    db_session.commit()
    client.post(
        "/en/account/password-reset",
        data={"email": "mei@example.com"},
        headers={"Host": "localhost", "X-Forwarded-Host": "evil.example"},
    )
    refused = client.post(
        "/en/account/password-reset",
        data={"email": "mei@example.com"},
        headers={"Host": "evil.example"},
    )
    assert refused.status_code == 400 and len(outbox) == 1
    body = outbox[0].get_content()
    assert "http://shop.test/en/account/password-reset/" in body
    assert "localhost" not in body and "evil" not in body


def test_the_page_cache_cannot_be_filled_through_the_host_header(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    page_cache.clear()
    try:
        attacker = app.test_client().get(PRODUCT, headers={"Host": "evil.example"})
        odd = app.test_client().get(PRODUCT, headers={"Host": "localhost"})
        visitor = app.test_client().get(PRODUCT)
        assert attacker.status_code == 400
        assert odd.headers["X-Page-Cache"] == "miss" and visitor.headers["X-Page-Cache"] == "hit"
        html = visitor.get_data(as_text=True)
        assert "evil.example" not in html and "localhost" not in html
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        page_cache.clear()


def test_development_trusts_only_its_own_addresses():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:5000"}).status_code == 200
    assert client.get("/robots.txt", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "10.0.0.5"}).status_code == 200


# -- redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/%09/evil.example/phish".replace("%09", "\t"),
        "/\t/evil.example/phish",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=1",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " /en/",
        "/" + "a" * 3000,
        "",
        None,
    ],
)
def test_unsafe_redirect_targets_are_refused(target):
    assert safe_redirect_path(target) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/en/cart", "/en/cart"),
        ("/en/search?q=tea&page=2", "/en/search?q=tea&page=2"),
        ("/en/cart#top", "/en/cart"),
        ("/fr/produits/%2F%2Fx", "/fr/produits/%2F%2Fx"),
    ],
)
def test_same_site_paths_are_kept(target, expected):
    assert safe_redirect_path(target) == expected


@pytest.mark.parametrize(
    "query", ["/%09/evil.example/phish", "/%0a/evil.example", "/%0d%0aX:%20y", "%2F%2Fevil.example"]
)
def test_sign_in_never_redirects_off_site_nor_fails(client, db_session, query):
    register_buyer(db_session, email="mei@example.com", password="x" * 12, locale="en")
    db_session.commit()
    response = client.post(
        "/en/account/login?next=" + query,
        data={"email": "mei@example.com", "password": "x" * 12},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location and "\n" not in location


def test_the_preferences_form_goes_back_only_to_a_local_page(client):
    response = client.post(
        "/en/preferences", data={"currency": "EUR", "next": "/\t/evil.example/phish"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/en/"


# -- production mode ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["production", "Production", "PRODUCTION", "production ", " prod"])
def test_the_environment_is_parsed_strictly(raw):
    if raw.strip().lower() == "production":
        assert parse_environment(raw) == "production"
    else:
        with pytest.raises(ConfigurationError, match="STOREFRONT_ENV"):
            parse_environment(raw)


@pytest.mark.parametrize("raw", ["Production", "PRODUCTION", "production "])
def test_near_misses_of_production_start_in_production_and_refuse_the_development_key(raw):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"ENV": raw, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("value", ["staging", "prod", "dev", ""])
def test_an_unknown_environment_refuses_to_start(monkeypatch, value):
    monkeypatch.setenv("STOREFRONT_ENV", value)
    with pytest.raises(ConfigurationError, match="STOREFRONT_ENV"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    "key", ["dev-only-not-secret", "short-key", "a" * 64, "abcabcabcabcabcabcabcabcabcabcabc", ""]
)
def test_production_needs_a_strong_secret_key(key):
    assert not is_strong_secret_key(key)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({**PRODUCTION, "SECRET_KEY": key})


@pytest.mark.parametrize("url", ["", "http://shop.example", "https://shop.example/path"])
def test_production_needs_an_https_public_url(url):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL"):
        create_app({**PRODUCTION, "PUBLIC_URL": url})


def test_production_sends_hsts_sets_secure_cookies_and_trusts_only_its_host(tmp_path):
    key, certificate = generate_development_keypair(tmp_path)
    app = create_app(
        {
            **PRODUCTION,
            "CUSTOMS_SIGNING_KEY_PATH": str(key),
            "CUSTOMS_SIGNING_CERT_PATH": str(certificate),
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    response = client.get("/healthz", headers={"Host": "shop.example"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert client.get("/robots.txt", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/robots.txt", headers={"Host": "shop.example"}).status_code == 200
    # a load balancer's probe may name the machine by its address
    assert client.get("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 200
    with app.test_request_context("/en/account/login", headers={"Host": "shop.example"}):
        from flask import url_for

        assert url_for("shop.home", locale="en", _external=True) == "https://shop.example/en/"


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_demo_load_is_refused_when_the_environment_is_production_in_any_case(app):
    app.config["ENV"] = parse_environment("PRODUCTION ")
    try:
        result = app.test_cli_runner().invoke(args=["demo", "load"])
    finally:
        app.config["ENV"] = "development"
    assert result.exit_code != 0
