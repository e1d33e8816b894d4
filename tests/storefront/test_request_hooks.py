"""Per-request work: a request gets the hooks it needs and no more, with the same answers."""

from __future__ import annotations


def test_a_health_probe_leaves_the_session_alone(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # headers still added


def test_a_page_that_reads_the_session_varies_by_cookie(app):
    response = app.test_client().get("/en/products/linwu-braised-duck")
    assert "Cookie" in response.headers["Vary"]


def test_the_csrf_check_still_guards_posts(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        refused = client.post("/en/preferences", data={"currency": "USD", "next": "/en/"})
        assert refused.status_code == 400
        assert client.get("/healthz").status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_session_asking_to_clear_a_remember_cookie_still_gets_it_cleared(app):
    client = app.test_client()
    client.set_cookie("remember_token", "old", domain="shop.test")
    with client.session_transaction() as stored:
        stored["_remember"] = "clear"  # what Flask-Login's logout_user leaves for the hook
    answer = client.get("/healthz")
    cleared = [h for h in answer.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]


def test_the_session_signer_follows_the_secret_key(app):
    client = app.test_client()
    with client.session_transaction() as stored:
        stored["display_currency"] = "USD"
    assert "$" in client.get("/en/products/linwu-braised-duck").get_data(as_text=True)
    original = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-test-secret"
    try:
        # A cookie signed with the old key is not read: the visitor starts afresh (CNY).
        html = client.get("/en/products/linwu-braised-duck").get_data(as_text=True)
        assert "$" not in html
    finally:
        app.config["SECRET_KEY"] = original


def test_a_session_cookie_round_trip_keeps_the_visitors_choices(app):
    client = app.test_client()
    client.get("/en/?currency=EUR")
    with client.session_transaction() as stored:
        assert stored["display_currency"] == "EUR"
    assert "€" in client.get("/en/products/linwu-braised-duck").get_data(as_text=True)


def test_the_host_guard_remembers_only_trusted_hosts_and_only_a_few():
    from werkzeug.wrappers import Response

    from storefront.security import HostGuard

    guard = HostGuard(Response("ok"), ["shop.example"], None)
    for port in range(1, 200):
        assert _status(guard, _environ(f"shop.example:{port}")) == 200
    assert len(guard._trusted) <= HostGuard.MAX_REMEMBERED_HOSTS
    for _ in range(2):
        assert _status(guard, _environ("evil.example")) == 400
    assert "evil.example" not in guard._trusted


def _environ(host: str) -> dict:
    from werkzeug.test import EnvironBuilder

    return EnvironBuilder(path="/en/", headers={"Host": host}).get_environ()


def _status(app, environ) -> int:
    seen: list[str] = []
    b"".join(app(environ, lambda line, headers: seen.append(line)))
    return int(seen[0].split()[0])


def test_workers_do_not_load_alembic_yet_migrations_find_their_settings(app, tmp_path):
    """A process serving pages never imports Flask-Migrate (Alembic: 11 MB per worker); the
    first look at the migration settings sets it up with the shop's own."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from storefront import create_app\n"
        "app = create_app()\n"
        "print('alembic' in sys.modules)\n"
        "settings = app.extensions['migrate']\n"
        "print(settings.directory.endswith('migrations'), settings.configure_args['render_as_batch'])\n"
        "print('alembic' in sys.modules)\n"
    )
    env = {"STOREFRONT_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}", "PATH": ""}
    answer = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert answer.stdout.split("\n")[:3] == ["False", "True True", "True"]
