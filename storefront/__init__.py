"""The Flask application: web layer, order flow and integrations."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, request
from flask.globals import request_ctx

from storefront.config import (
    DefaultConfig,
    environment_overrides,
    is_strong_secret_key,
    parse_environment,
)
from storefront.exceptions import ConfigurationError


class Storefront(Flask):
    """Flask, with one per-request cost taken out.

    Flask asks ``inspect.iscoroutinefunction`` of the view and of every hook on every request
    (``ensure_sync``: nine times for a bare page). The answer for a function never changes, so
    it is kept per function; coroutine functions are still wrapped as Flask does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Any, Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._synchronous[func]
        except KeyError:
            if len(self._synchronous) > 4096:  # bound methods of short-lived objects
                self._synchronous.clear()
            synchronous = self._synchronous[func] = super().ensure_sync(func)
            return synchronous
        except TypeError:  # an unhashable callable
            return super().ensure_sync(func)

    def dispatch_request(self) -> Any:
        """Flask's dispatch, noting the matched route for the request log, and once more for
        a read (GET, HEAD) whose database connection turned out dead (a restarted server)."""
        req = request_ctx.request
        if req.url_rule is not None:
            req.environ["storefront.route"] = req.url_rule.rule
        try:
            return super().dispatch_request()
        except Exception as error:
            if req.method not in ("GET", "HEAD") or not _connection_was_lost(error):
                raise
            from storefront.extensions import db

            db.session.rollback()  # what the view read is gone with the connection: read again
            return super().dispatch_request()


def _connection_was_lost(error: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands, error pages."""
    app = Storefront(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.update(environment_overrides(dict(os.environ)))
    app.config.update(config or {})
    check_production_settings(app)

    from flask_babel import lazy_gettext

    from storefront import (  # noqa: F401
        all_models,
        bonded,
        customs,
        database,
        errors,
        fragments,
        i18n,
        logs,
        mail,
        media,
        migrations_on_demand,
        page_cache,
        personal_parts,
        preferences,
        rate_limits,
        security,
        sessions,
        shared_redis,
        shop,
        templating,
    )
    from storefront.cli import register_commands
    from storefront.extensions import csrf, db, limiter, login_manager
    from storefront.payments import gateways

    _ensure_sqlite_directory(app)
    database.configure_engine_options(app)
    sessions.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrations_on_demand.init_app(
        app,
        db,
        directory=str(_project_path("migrations")),
        render_as_batch=True,
        compare_type=True,
        include_name=database.include_in_migrations,
    )
    csrf.init_app(app)
    _check_csrf_on_unsafe_methods_only(app)
    shared_redis.init_app(app)
    rate_limits.init_app(app)
    limiter.init_app(app)
    _limit_only_decorated_views(app, limiter)
    login_manager.init_app(app)
    _remember_cookie_hook_only_when_needed(app, login_manager)
    login_manager.login_view = "account.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    mail.init_app(app)
    gateways.init_app(app)
    i18n.init_app(app, timezone_selector=preferences.select_timezone)
    templating.init_app(app)
    fragments.init_app(app)
    media.init_app(app)
    personal_parts.init_app(app)
    preferences.init_app(app)
    shop.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    bonded.init_app(app)  # the personal-data vault, which the customs adapter seals with
    customs.init_app(app)
    page_cache.init_app(app)
    register_blueprints(app)
    register_commands(app)
    logs.init_app(app)  # outermost: every answer gets a request id, the host guard's too
    return app


def register_blueprints(app: Flask) -> None:
    from storefront.accounts.views import bp as account_bp
    from storefront.admin.api_token_views import bp as admin_api_tokens_bp
    from storefront.admin.audit_views import bp as admin_audit_bp
    from storefront.admin.brand_views import bp as admin_brands_bp
    from storefront.admin.destination_rule_views import bp as admin_destination_rules_bp
    from storefront.admin.exchange_rate_views import bp as admin_exchange_rates_bp
    from storefront.admin.producer_record_views import bp as admin_producer_record_bp
    from storefront.admin.producer_views import bp as admin_producers_bp
    from storefront.admin.user_views import bp as admin_users_bp
    from storefront.admin.views import bp as admin_bp
    from storefront.api import bp as api_bp
    from storefront.api.bonded import bp as bonded_api_bp
    from storefront.api.partner_views import bp as partner_api_bp
    from storefront.bonded.web import blueprints as bonded_blueprints
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
    from storefront.statistics.index_views import bp as development_index_bp
    from storefront.statistics.views import bp as admin_statistics_bp

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
        admin_producer_record_bp,
        admin_audit_bp,
        admin_brands_bp,
        admin_users_bp,
        admin_exchange_rates_bp,
        admin_destination_rules_bp,
        admin_statistics_bp,
        admin_api_tokens_bp,
        development_index_bp,
        shipping_admin_bp,
        customs_admin_bp,
        bonded_api_bp,
        partner_api_bp,
        *bonded_blueprints(),
        coop_bp,
        coop_joining_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _limit_only_decorated_views(app: Flask, limiter: Any) -> None:
    """Run Flask-Limiter's hooks only on requests that a limit was checked on.

    The shop rate-limits a few views (sign-in, registration) with ``@limiter.limit``, whose
    wrapper checks its own limit; the before-request check only applies default and
    application-wide limits, and without any it still resolves the (empty) limits of every
    request: about a quarter of a bare request's time. Its after-request hook (limit headers,
    conditional deductions) and teardown (resetting its per-request state) have nothing to do
    on a request no limit looked at: the limiter's state is created on the request context by
    the first limit checked, so they run only when it is there. Set RATELIMIT_DEFAULT or
    RATELIMIT_APPLICATION and every hook stays as Flask-Limiter installed it.
    """
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return
    from flask.globals import request_ctx

    def limiter_hook(hook: Any) -> bool:
        return getattr(hook, "__self__", None) is limiter or limiter in getattr(hook, "args", ())

    def when_limited(hook: Any) -> Any:
        def run(value: Any) -> Any:
            if hasattr(request_ctx, "_limiter_request_context"):
                return hook(value)
            return value

        return run

    app.before_request_funcs[None] = [
        hook for hook in app.before_request_funcs.get(None, []) if not limiter_hook(hook)
    ]
    for hooks in (app.after_request_funcs, app.teardown_request_funcs):
        hooks[None] = [
            when_limited(hook) if limiter_hook(hook) else hook for hook in hooks.get(None, [])
        ]


def _check_csrf_on_unsafe_methods_only(app: Flask) -> None:
    """Call Flask-WTF's CSRF hook only for the methods it protects (POST, PUT, PATCH, DELETE).

    On a GET it looks up the view's exemptions before finding that the method needs no token;
    skipping it there changes nothing but the time (the check itself is unchanged).
    """
    hooks = app.before_request_funcs.get(None, [])
    (check,) = [hook for hook in hooks if hook.__qualname__.endswith("csrf_protect")]
    methods = app.config["WTF_CSRF_METHODS"]

    def csrf_protect() -> Any:
        if request.method in methods:
            return check()
        return None

    app.before_request_funcs[None] = [csrf_protect if hook is check else hook for hook in hooks]


def _remember_cookie_hook_only_when_needed(app: Flask, login_manager: Any) -> None:
    """Run Flask-Login's remember-cookie hook only when the session asks for it.

    The hook looks for ``_remember`` in the session after every request; since Flask 3.1.3 any
    look at the session marks it accessed, which adds ``Vary: Cookie`` and a session save to
    every response, a health probe's included. The shop never asks to be remembered, but
    sign-out may clear such a cookie: the hook still runs whenever the session holds
    ``_remember`` (read without marking it) or ``REMEMBER_COOKIE_REFRESH_EACH_REQUEST`` is set.
    """
    from flask.globals import request_ctx

    hooks = app.after_request_funcs.get(None, [])
    (remember,) = [
        hook
        for hook in hooks
        if getattr(hook, "__func__", None) is type(login_manager)._update_remember_cookie
    ]

    def update_remember_cookie(response: Any) -> Any:
        stored = getattr(request_ctx._get_current_object(), "_session", None)
        wanted = app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
        if stored is None or wanted or "_remember" in stored:
            return remember(response)
        return response

    app.after_request_funcs[None] = [
        update_remember_cookie if hook is remember else hook for hook in hooks
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
    if app.config["MAIL_BACKEND"] != "smtp":
        raise ConfigurationError(
            "set STOREFRONT_MAIL_BACKEND=smtp (and STOREFRONT_MAIL_SMTP_*): in production the "
            "file and memory backends would keep every e-mail from its recipient"
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
