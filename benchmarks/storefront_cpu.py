"""CPU time per request, in process: the figure a busy machine disturbs least.

For each page and cache setting, the shop's WSGI application is called directly (no server, no
sockets, no test client) with a prepared request, ``--requests`` times after ``--warmup`` calls,
and ``time.process_time`` is read around the calls: the CPU this process spent, which other jobs
on the machine barely change (unlike req/s). On PostgreSQL the database server's own CPU for the
same calls is added (the backend process of the app's one connection, read from ``/proc``), so
both databases are measured whole. A bare Flask app's ``/healthz`` is measured the same way: the
CPU ratio bare / page is a ceiling of the req/s ratio a load run can show (a server adds the same
fixed cost per request to both, which brings the real ratio closer to 1).

    make benchmark-cpu-sqlite        # = .venv/bin/python benchmarks/storefront_cpu.py
    make benchmark-cpu-postgresql    # = ... --database postgresql (a new database, dropped after)
    .venv/bin/python benchmarks/storefront_cpu.py --database-url sqlite:////tmp/bench.sqlite3

``--database-url`` reuses a database already migrated and loaded (``db upgrade``, ``demo load``,
``demo generate``); ``--database`` creates a fresh one as ``storefront_load.py`` does.

Production shape (issue 15): ``--log-requests`` writes the JSON request line of every call (to
/dev/null, through the same handler and formatter as under gunicorn), as production does;
``--redis URL`` shares the page cache through Redis and adds the setting "shared hit": the
process's own copy is dropped before each call, so the page comes from Redis (what a worker
that has not seen the page yet pays, instead of rendering it).
Nothing here is a test: the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.storefront_load import (  # noqa: E402
    SETTINGS,
    USER_AGENT,
    benchmark_database,
    flask,
)

HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _environ(path: str, cookie: str | None) -> dict[str, Any]:
    base, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": base,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "HTTP_USER_AGENT": USER_AGENT,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def call(app: Callable, environ: dict[str, Any]) -> tuple[str, bytes]:
    """One request through the WSGI application, as a server would make it."""
    status: list[str] = []

    def start_response(line: str, _headers: list, _exc_info: Any = None) -> Callable:
        status.append(line)
        return lambda _data: None

    request = dict(environ)
    request["wsgi.input"] = io.BytesIO()
    answer = app(request, start_response)
    try:
        body = b"".join(answer)
    finally:
        close = getattr(answer, "close", None)
        if close is not None:
            close()
    return status[0], body


def _ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@contextmanager
def database_cpu(app: Any) -> Iterator[Callable[[], float]]:
    """Seconds of CPU the PostgreSQL backend of the app's connection spent (0 on SQLite).

    No application context stays open while the calls run: each request pushes its own, as
    under a server (an open one would be shared, and ``g`` with it, across the calls).
    """
    from sqlalchemy import text

    from storefront.extensions import db

    with app.app_context():
        engine = db.engine
        pids = set()
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                pids.add(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
    start = {pid: _ticks(pid) for pid in pids}
    yield lambda: sum(_ticks(pid) - start[pid] for pid in pids) / CLOCK_TICKS


def measure(app: Callable, environ: dict[str, Any], args: argparse.Namespace, flask_app=None):
    """(CPU ms per request of this process, of the database server, wall ms per request)."""
    for _ in range(args.warmup):
        status, _body = call(app, environ)
        if not status.startswith("200"):
            raise RuntimeError(f"{environ['PATH_INFO']} answered {status}")
    with database_cpu(flask_app) if flask_app is not None else nullcontext(lambda: 0.0) as db_cpu:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            call(app, environ)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        database = db_cpu()
    per = 1000 / args.requests
    return cpu * per, database * per, wall * per


def _cookie_of(client: Any) -> str:
    """The client's session cookie (after the redirect that showed the notice: none pending)."""
    cookie = client.get_cookie("session", domain=HOST)
    if cookie is None:
        raise RuntimeError("no session cookie")
    return f"session={cookie.value}"


def cart_cookie(app: Any, product_path: str) -> str:
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": USER_AGENT, "REMOTE_ADDR": "127.0.0.1"})
    page = client.get(product_path, base_url=f"http://{HOST}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    variant = re.search(r'<option value="(\d+)">', page).group(1)
    client.post(
        "/en/cart/add",
        base_url=f"http://{HOST}",
        data={"csrf_token": token, "variant_id": variant, "quantity": "1"},
        follow_redirects=True,
    )
    return _cookie_of(client)


def signed_in_cookie(app: Any, email: str, password: str) -> str:
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": USER_AGENT, "REMOTE_ADDR": "127.0.0.1"})
    page = client.get("/en/account/login", base_url=f"http://{HOST}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/en/account/login",
        base_url=f"http://{HOST}",
        data={"csrf_token": token, "email": email, "password": password},
        follow_redirects=True,
    )
    return _cookie_of(client)


def duck_slug(app: Any) -> str:
    client = app.test_client()
    answer = client.get("/api/v1/products?q=duck&per_page=1", base_url=f"http://{HOST}")
    return answer.get_json()["items"][0]["slug"]


LOG_REQUESTS = False


def shop_app(url: str, overrides: dict[str, str]) -> Any:
    os.environ.update({"STOREFRONT_DATABASE_URL": url, **overrides})
    try:
        from storefront import create_app

        app = create_app()
    finally:
        for name in overrides:
            os.environ.pop(name, None)
    if LOG_REQUESTS:
        from storefront.logs import configure_logging

        configure_logging(app, open(os.devnull, "w"))  # noqa: SIM115
    return app


def dropping_own_copies(app: Callable) -> Callable:
    """The app, with this process's page cache emptied before each call (a Redis hit)."""
    from storefront.page_cache import page_cache

    def call(environ: dict[str, Any], start_response: Callable) -> Any:
        page_cache.clear()
        return app(environ, start_response)

    return call


def run(url: str, args: argparse.Namespace) -> list[tuple[str, float, float, float]]:
    from benchmarks.bare_app import app as bare

    rows = []
    bare_cpu = measure(bare, _environ("/healthz", None), args)
    rows.append(("bare Flask /healthz", *bare_cpu))
    for setting in args.settings:
        app = shop_app(url, SETTINGS[setting])
        slug = quote(duck_slug(app))
        product = f"/en/products/{slug}"
        cart = cart_cookie(app, product)
        pages: list[tuple[str, str, str | None]] = [
            ("home", "/en/", None),
            ("listing", "/en/products/", None),
            ("product", product, None),
            ("search (duck)", "/en/search?q=duck", None),
        ]
        if setting == "cached":
            signed_in = signed_in_cookie(app, "buyer@demo.test", "demo-password-2026")
            pages = [("/healthz", "/healthz", None), *pages]
            pages += [(f"{name}, cart buyer", path, cart) for name, path, _c in pages[1:]]
            pages.append(("product, signed in", product, signed_in))
        else:
            pages.append(("cart (1 item)", "/en/cart", cart))
        for name, path, cookie in pages:
            figures = measure(app, _environ(path, cookie), args, app)
            rows.append((f"{name}, {setting}", *figures))
        if setting == "cached" and app.extensions.get("shared_pages") is not None:
            for name, path, cookie in pages[1:5]:
                figures = measure(dropping_own_copies(app), _environ(path, cookie), args, app)
                rows.append((f"{name}, shared hit (Redis)", *figures))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default="sqlite", help="'sqlite', 'postgresql' or a PostgreSQL server URL"
    )
    parser.add_argument("--database-url", help="an already loaded database to reuse")
    parser.add_argument(
        "--products", type=int, default=10_000, help="generated products to add (0: demo only)"
    )
    parser.add_argument("--requests", type=int, default=200, help="measured calls per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS), metavar="SETTING"
    )
    parser.add_argument("--log-requests", action="store_true", help="JSON request lines on")
    parser.add_argument("--redis", default="", help="share the page cache through this Redis")
    args = parser.parse_args()
    global LOG_REQUESTS
    LOG_REQUESTS = args.log_requests
    if args.redis:
        os.environ["STOREFRONT_REDIS_URL"] = args.redis

    if args.database_url:
        database = nullcontext(args.database_url)
    else:
        database = benchmark_database(args.database)
    with database as url:
        if not args.database_url:
            env = {**os.environ, "STOREFRONT_DATABASE_URL": url}
            flask(env, "db", "upgrade")
            flask(env, "demo", "load")
            if args.products:
                flask(env, "demo", "generate", "--products", str(args.products))
        rows = run(url, args)
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"\n{backend}, {args.requests} calls per page after {args.warmup}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("CPU ms per request: this process (Python, and SQLite in process) + database server")
    print(f"{'page':<40} {'app':>7} {'db':>6} {'total':>7} {'wall':>7} {'bare/total':>10}")
    bare_total = rows[0][1] + rows[0][2]
    for name, cpu, database_ms, wall in rows:
        total = cpu + database_ms
        print(
            f"{name:<40} {cpu:>7.3f} {database_ms:>6.3f} {total:>7.3f} {wall:>7.3f} "
            f"{bare_total / total:>10.3f}"
        )
    medians = statistics.median(cpu for _n, cpu, _d, _w in rows[1:])
    print(f"median page CPU: {medians:.3f} ms")


if __name__ == "__main__":
    main()
