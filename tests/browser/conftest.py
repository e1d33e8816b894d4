"""A live server for browser tests: its own committed SQLite database, a real server thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from catalog.demo.loader import load_demo_catalog
from storefront import create_app
from storefront.demo.accounts import load_demo_users
from storefront.extensions import db
from storefront.inventory.ledger import take_on_stock
from storefront.pickup.demo import load_bonded_demo
from storefront.shipping.rates import seed_shipping_rates

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    database = tmp_path_factory.mktemp("browser") / "live.sqlite3"
    customs_keys = tmp_path_factory.mktemp("browser-customs-keys")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
            "CUSTOMS_EXCHANGE_DIR": str(tmp_path_factory.mktemp("browser-customs")),
            "CUSTOMS_SIGNING_KEY_PATH": str(customs_keys / "customs-signing-key.pem"),
            "CUSTOMS_SIGNING_CERT_PATH": str(customs_keys / "customs-signing-cert.pem"),
            "PICKUP_ID_KEY_FILE": str(customs_keys / "pickup-id.key"),
            "CUSTOMS_SIMULATOR_RELEASE_DELAY": 0,
            "MEDIA_DIR": str(tmp_path_factory.mktemp("browser-media")),
            "CUSTOMS_CARRIER_SANDBOX_DAY_SECONDS": 0,  # parcels travel at once
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        load_bonded_demo(db.session)
        take_on_stock(db.session)
        load_demo_users(db.session)
        seed_shipping_rates(db.session)
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (package.json; `make browser-deps` installs it) on the page: WCAG 2.1 AA."""
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps` (npm ci) first")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))  # CDP evaluate: not blocked by CSP
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def assert_accessible(page, what: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"{what or page.url}: {violations}"
