"""Load benchmark: a bare Flask app and the shop, same gunicorn, same run, printed as ratios.

Every server runs alone (4 sync workers) while it is measured, on a fresh database (a temporary
SQLite file, or a new PostgreSQL database on the server given):

1. a bare Flask app (``benchmarks/bare_app.py``): ``/healthz``, the yardstick;
2. the shop with its caches on: ``/healthz``, then home, listing, product and search as an
   anonymous visitor, as a buyer with one item in the cart, and the product page signed in
   (the cached page with the visitor's personal parts filled in);
3. the shop with the page cache off (``STOREFRONT_PAGE_CACHE_SECONDS=0``): the same pages and
   the cart with one item, served from the catalog fragments;
4. the shop with every cache off (page, fragment and reference caches): the uncached path;
each shop endpoint is measured right after a run of the bare app's ``/healthz``, and its ratio
is taken against that run, so that both figures share the moment (the machine may be shared).

It prints each shop's worker memory (RSS and PSS) after its load. The load generator is
``wrk`` when installed (Debian's package: ``apt-get install wrk``), else Python threads with
``requests`` (which cost the server's cores far more, so the figures are lower).

    make benchmark-sqlite      # .venv/bin/python benchmarks/storefront_load.py --database sqlite
    make benchmark-postgresql  # ... --database postgresql (local server, a new database)

10,000 generated products are added to the demo catalog unless ``--products`` says otherwise.

Nothing here is a test: the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
# One User-Agent for the sign-in and the load: Flask-Login's session protection marks a session
# whose agent changed as not fresh, which rewrites the cookie on every response.
USER_AGENT = "storefront-benchmark/1"
BIN = Path(sys.executable).parent
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %f %f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(95) / 1000, errors))
end
"""


@dataclass(frozen=True)
class Result:
    rps: float
    p95_ms: float
    errors: int
    bare_rps: float = 0.0  # the bare app's req/s measured just before (0: not measured)
    cpu_ms: float = 0.0  # the server's CPU per request: workers (+ PostgreSQL backends)
    requests: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ``--database postgresql``: the local server of the development machines (and CI).
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def benchmark_database(target: str) -> Iterator[str]:
    """Yield a database URL of a fresh, empty database (SQLite file or PostgreSQL database).

    ``target``: "sqlite", "postgresql" (the server in ``STOREFRONT_BENCH_POSTGRES_URL``, else
    the local one), or a PostgreSQL server URL; a new database is created there and dropped.
    """
    if target == "postgresql":
        target = os.environ.get("STOREFRONT_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    if target == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="storefront-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    server = make_url(target.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"storefront_bench_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def worker_memory_mb(master_pid: int) -> list[tuple[float, float]]:
    """(RSS, PSS) in MB of each worker of a gunicorn master."""
    figures = []
    for pid in _children(master_pid):
        values = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                key, _, rest = line.partition(":")
                if key in ("Rss", "Pss"):
                    values[key] = int(rest.split()[0]) / 1024
        except OSError:
            continue
        figures.append((values.get("Rss", 0.0), values.get("Pss", 0.0)))
    return figures


@contextmanager
def gunicorn(env: dict[str, str], workers: int, app: str = "wsgi:app") -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def measure_wrk(url: str, concurrency: int, seconds: float, cookie: str | None) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds:g}s", "-s", script.name]
    command += ["-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"^BENCH (\d+) ([\d.]+) ([\d.]+) (\d+)$", output, re.M)
    if match is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    count, duration, p95, errors = match.groups()
    return Result(int(count) / float(duration), float(p95), int(errors), requests=int(count))


def measure_threads(url: str, concurrency: int, seconds: float, cookie: str | None) -> Result:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}

    def client() -> None:
        nonlocal errors
        session = requests.Session()
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = session.get(url, timeout=30, headers=headers)
            elapsed = time.perf_counter() - start
            if response.status_code == 200:
                mine.append(elapsed)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000 if len(latencies) >= 20 else float("nan")
    return Result(len(latencies) / wall, p95, errors, requests=len(latencies) + errors)


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


class ServerCpu:
    """CPU spent by a gunicorn master's workers and by the database server's backends.

    Read from ``/proc`` before and after a load run, it gives the server's CPU per request:
    unlike req/s, other jobs on the machine barely change it.
    """

    def __init__(self, master_pid: int, database_url: str) -> None:
        self.master_pid = master_pid
        self.backends = None
        if database_url.startswith("postgresql"):
            url = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
            self.database = url.database
            self.backends = create_engine(url, poolclass=NullPool)

    def snapshot(self) -> dict[int, int]:
        pids = _children(self.master_pid)
        if self.backends is not None:
            with self.backends.connect() as conn:
                pids += conn.scalars(
                    text(
                        "SELECT pid FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": self.database},
                ).all()
        return {pid: _cpu_ticks(pid) for pid in pids}

    @staticmethod
    def seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
        ticks = sum(value - before.get(pid, 0) for pid, value in after.items())
        return ticks / os.sysconf("SC_CLK_TCK")


def measure_once(
    url: str, args: argparse.Namespace, cookie: str | None = None, server: ServerCpu | None = None
) -> Result:
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    for _ in range(args.concurrency):  # warm up every worker
        response = requests.get(url, timeout=30, headers=headers, allow_redirects=False)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    before = server.snapshot() if server else {}
    if shutil.which("wrk") and not args.no_wrk:
        result = measure_wrk(url, args.concurrency, args.seconds, cookie)
    else:
        result = measure_threads(url, args.concurrency, args.seconds, cookie)
    if server is None or not result.requests:
        return result
    cpu = server.seconds_between(before, server.snapshot())
    return replace(result, cpu_ms=cpu * 1000 / result.requests)


def cart_cookie(base: str, product_path: str) -> str:
    """A guest session cookie whose cart holds one pack of the product."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    page = session.get(base + product_path, timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    variant = re.search(r'<option value="(\d+)">', page).group(1)
    answer = session.post(
        f"{base}/en/cart/add",
        data={"csrf_token": token, "variant_id": variant, "quantity": "1"},
        timeout=10,
    )
    answer.raise_for_status()
    if "/en/cart" not in answer.url:
        raise RuntimeError("could not add to the cart")
    return f"session={session.cookies['session']}"


def catalog_pages(base: str, slug: str) -> dict[str, str]:
    return {
        "home": f"{base}/en/",
        "listing": f"{base}/en/products/",
        "product": f"{base}/en/products/{quote(slug)}",
        "search (duck)": f"{base}/en/search?q=duck",
    }


def signed_in_cookie(base: str, email: str, password: str) -> str:
    """The session cookie of a demo account signed in."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    page = session.get(f"{base}/en/account/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(
        f"{base}/en/account/login",
        data={"csrf_token": token, "email": email, "password": password},
        timeout=10,
    ).raise_for_status()
    if "Your orders" not in session.get(f"{base}/en/", timeout=10).text:
        raise RuntimeError("could not sign in")
    return f"session={session.cookies['session']}"


SETTINGS = {
    "cached": {},
    "page cache off": {"STOREFRONT_PAGE_CACHE_SECONDS": "0"},
    "no cache": {
        "STOREFRONT_PAGE_CACHE_SECONDS": "0",
        "STOREFRONT_FRAGMENT_CACHE_SECONDS": "0",
        "STOREFRONT_REFERENCE_CACHE_SECONDS": "0",
    },
}


def run(args: argparse.Namespace) -> tuple[dict[str, Result], dict[str, list[tuple[float, float]]]]:
    """Measure each shop endpoint right after the bare app, for a ratio taken at one moment."""
    results: dict[str, Result] = {}
    memory: dict[str, list[tuple[float, float]]] = {}
    with benchmark_database(args.database) as url:
        env = {**os.environ, "STOREFRONT_DATABASE_URL": url}
        if not args.request_log:
            # The page path against bare Flask, as measured before the request log existed;
            # ``--request-log`` keeps the production log line (written to a file, not a pipe).
            env["STOREFRONT_REQUEST_LOG"] = "0"
        flask(env, "db", "upgrade")
        flask(env, "demo", "load")
        if args.products:
            flask(env, "demo", "generate", "--products", str(args.products))

        with gunicorn(env, args.workers, "benchmarks.bare_app:app") as (bare, bare_pid):
            bare_cpu = ServerCpu(bare_pid, "")
            results["bare Flask /healthz (before)"] = measure_once(
                f"{bare}/healthz", args, server=bare_cpu
            )
            shop_cpu: ServerCpu | None = None

            def measure(url: str, args: argparse.Namespace, cookie: str | None = None) -> Result:
                yardstick = measure_once(f"{bare}/healthz", args)
                result = measure_once(url, args, cookie, shop_cpu)
                return replace(result, bare_rps=yardstick.rps)

            for setting, overrides in SETTINGS.items():
                with gunicorn({**env, **overrides}, args.workers) as (base, pid):
                    shop_cpu = ServerCpu(pid, url)
                    duck = requests.get(f"{base}/api/v1/products?q=duck&per_page=1", timeout=10)
                    slug = duck.json()["items"][0]["slug"]
                    pages = catalog_pages(base, slug)
                    cart = cart_cookie(base, f"/en/products/{quote(slug)}")
                    if setting == "cached":
                        results["shop /healthz"] = measure(f"{base}/healthz", args)
                        signed_in = signed_in_cookie(base, "buyer@demo.test", "demo-password-2026")
                        for name, address in pages.items():
                            results[f"{name}, {setting}"] = measure(address, args)
                        for name, address in pages.items():
                            results[f"{name}, cart buyer, {setting}"] = measure(address, args, cart)
                        results[f"product, signed in, {setting}"] = measure(
                            pages["product"], args, signed_in
                        )
                    else:
                        for name, address in pages.items():
                            results[f"{name}, {setting}"] = measure(address, args)
                        cart_page = f"{base}/en/cart"
                        results[f"cart (1 item), {setting}"] = measure(cart_page, args, cart)
                    memory[f"shop, {setting}"] = worker_memory_mb(pid)
            results["bare Flask /healthz (after)"] = measure_once(
                f"{bare}/healthz", args, server=bare_cpu
            )
            memory["bare Flask"] = worker_memory_mb(bare_pid)
    return results, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default="sqlite", help="'sqlite', 'postgresql' or a PostgreSQL server URL"
    )
    parser.add_argument(
        "--products", type=int, default=10_000, help="generated products to add (0: demo only)"
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="duration per endpoint")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-wrk", action="store_true", help="use Python threads even with wrk")
    parser.add_argument(
        "--request-log",
        action="store_true",
        help="keep the shop's JSON request log on (off by default: bare Flask logs nothing)",
    )
    args = parser.parse_args()

    results, memory = run(args)
    backend = "SQLite" if args.database == "sqlite" else "PostgreSQL"
    catalog = f"demo + {args.products} generated" if args.products else "demo catalog (24)"
    generator = "wrk" if shutil.which("wrk") and not args.no_wrk else "Python threads"
    print(
        f"\n{backend}, {catalog}, gunicorn {args.workers} sync workers, {args.concurrency} "
        f"clients ({generator}), {args.seconds:g} s per endpoint, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("ratio: req/s over the bare Flask app's /healthz, measured just before each endpoint")
    print("cpu ms: the server's CPU per request (workers, and PostgreSQL's backends), from /proc")
    print(
        f"{'endpoint':<34} {'req/s':>8} {'p95 ms':>8} {'ratio':>6} {'errors':>6} {'bare':>8}"
        f" {'cpu ms':>7}"
    )
    bare = statistics.mean(
        results[f"bare Flask /healthz ({when})"].rps for when in ("before", "after")
    )
    for name, result in results.items():
        yardstick = result.bare_rps or bare
        print(
            f"{name:<34} {result.rps:>8.1f} {result.p95_ms:>8.1f} "
            f"{result.rps / yardstick:>6.3f} {result.errors:>6} {yardstick:>8.0f}"
            f" {result.cpu_ms:>7.3f}"
        )
    print("\nworker memory after the load, MB (RSS / PSS per worker)")
    for name, workers in memory.items():
        shown = ", ".join(f"{rss:.0f} / {pss:.0f}" for rss, pss in workers)
        print(f"  {name:<18} {shown}")


if __name__ == "__main__":
    main()
