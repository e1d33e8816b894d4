"""The Flask application: web layer, order flow and integrations."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from storefront.config import (
    DefaultConfig,
    environment_overrides,
    is_strong_secret_key,
    parse_environment,
)
from storefront.exceptions import ConfigurationError


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands, error pages."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.update(environment_overrides(dict(os.environ)))
    app.config.update(config or {})
    check_production_settings(app)

    from flask_babel import lazy_gettext

    from storefront import (  # noqa: F401
        all_models,
        customs,
        database,
        errors,
        i18n,
        mail,
        media,
        personal_parts,
        preferences,
        rate_limits,
        security,
        shop,
        templating,
    )
    from storefront.cli import register_commands
    from storefront.extensions import csrf, db, limiter, login_manager, migrate
    from storefront.payments import gateways

    _ensure_sqlite_directory(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(_project_path("migrations")),
        render_as_batch=True,
        compare_type=True,
        include_name=database.include_in_migrations,
    )
    csrf.init_app(app)
    rate_limits.init_app(app)
    limiter.init_app(app)
    _limit_only_decorated_views(app, limiter)
    login_manager.init_app(app)
    login_manager.login_view = "account.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    mail.init_app(app)
    gateways.init_app(app)
    i18n.init_app(app, timezone_selector=preferences.select_timezone)
    templating.init_app(app)
    media.init_app(app)
    personal_parts.init_app(app)
    preferences.init_app(app)
    shop.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    customs.init_app(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_blueprints(app: Flask) -> None:
    from storefront.accounts.views import bp as account_bp
    from storefront.admin.producer_views import bp as admin_producers_bp
    from storefront.admin.views import bp as admin_bp
    from storefront.api import bp as api_bp
    from storefront.checkout.views import bp as checkout_bp
    from storefront.coop import bp as coop_bp
    from storefront.coop import joining_bp as coop_joining_bp
    from storefront.customs.web import bp as customs_admin_bp
    from storefront.health import bp as health_bp
    from storefront.media import bp as media_bp
    from storefront.order_pages.views import bp as orders_bp
    from storefront.payments.views import bp as payments_bp
    from storefront.preferences import bp as preferences_bp
    from storefront.seo import bp as seo_bp
    from storefront.shipping.admin import bp as shipping_admin_bp
    from storefront.shop import bp as shop_bp
    from storefront.shop.pictures import bp as pictures_bp

    blueprints = (
        health_bp,
        shop_bp,
        pictures_bp,
        media_bp,
        preferences_bp,
        seo_bp,
        api_bp,
        account_bp,
        checkout_bp,
        orders_bp,
        payments_bp,
        admin_bp,
        admin_producers_bp,
        shipping_admin_bp,
        customs_admin_bp,
        coop_bp,
        coop_joining_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _limit_only_decorated_views(app: Flask, limiter: Any) -> None:
    """Skip Flask-Limiter's check before every request when no app-wide limit is configured.

    The shop rate-limits a few views (sign-in, registration) with ``@limiter.limit``, whose
    wrapper checks its own limit; the before-request check only applies default and
    application-wide limits, and without any it still resolves the (empty) limits of every
    request: about a quarter of a bare request's time. Set RATELIMIT_DEFAULT or
    RATELIMIT_APPLICATION and the check stays.
    """
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [
        hook for hook in hooks if getattr(hook, "__self__", None) is not limiter
    ]


def check_production_settings(app: Flask) -> None:
    """Parse ENV strictly; production needs a strong key, a real provider, an https public URL."""
    app.config["ENV"] = parse_environment(app.config["ENV"])
    if app.config["ENV"] != "production":
        return
    if not is_strong_secret_key(app.config["SECRET_KEY"]):
        raise ConfigurationError(
            "set STOREFRONT_SECRET_KEY to a strong random key (at least 32 characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if app.config["PAYMENT_PROVIDER"] == "sandbox":
        raise ConfigurationError("the sandbox payment provider cannot run in production")
    if not str(app.config["PUBLIC_URL"]).startswith("https://"):
        raise ConfigurationError(
            "set STOREFRONT_PUBLIC_URL to the shop's https:// address: every link is built on it"
        )
    app.config["SESSION_COOKIE_SECURE"] = True


def _project_path(name: str) -> str:
    from storefront.config import PROJECT_ROOT

    return str(PROJECT_ROOT / name)


def _ensure_sqlite_directory(app: Flask) -> None:
    """Create instance/ (or the SQLite file's folder) so a fresh checkout just works."""
    from sqlalchemy.engine import make_url

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        from pathlib import Path

        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
