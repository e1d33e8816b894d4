"""Load benchmark: gunicorn (4 workers) serving the shop on SQLite or PostgreSQL.

Measures requests/s and p95 latency of the home, product and search pages and of a bare endpoint
of the same app (``/healthz``: routing, middleware and security headers, no database), at 16
concurrent clients, and prints each page's throughput as a ratio of the bare endpoint's.

    .venv/bin/python benchmarks/storefront_load.py --database sqlite
    .venv/bin/python benchmarks/storefront_load.py --database sqlite --products 10000
    .venv/bin/python benchmarks/storefront_load.py --database postgresql://postgres@127.0.0.1:5432/postgres

A PostgreSQL URL names the server: the script creates (and drops) its own database there.
Nothing here is a test: the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def benchmark_database(target: str):
    """Yield a database URL of a fresh, empty database (SQLite file or PostgreSQL database)."""
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


@contextmanager
def gunicorn(env: dict[str, str], workers: int):
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
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def measure(url: str, concurrency: int, seconds: float) -> tuple[float, float, int]:
    """(requests per second, p95 latency in ms, errors) for ``url`` hammered by N clients."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        session = requests.Session()
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = session.get(url, timeout=30)
            elapsed = time.perf_counter() - start
            if response.status_code == 200:
                mine.append(elapsed)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors += failed

    for _ in range(concurrency):  # warm up every worker
        requests.get(url, timeout=30)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000 if len(latencies) >= 20 else float("nan")
    return len(latencies) / wall, p95, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a PostgreSQL server URL")
    parser.add_argument("--products", type=int, default=0, help="generated products to add")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration per endpoint")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with benchmark_database(args.database) as url:
        env = {**os.environ, "STOREFRONT_DATABASE_URL": url}
        flask(env, "db", "upgrade")
        flask(env, "demo", "load")
        if args.products:
            flask(env, "demo", "generate", "--products", str(args.products))
        with gunicorn(env, args.workers) as base:
            duck = requests.get(f"{base}/api/v1/products?q=duck&per_page=1", timeout=10).json()
            slug = duck["items"][0]["slug"]
            endpoints = {
                "bare (/healthz)": f"{base}/healthz",
                "home": f"{base}/en/",
                "product": f"{base}/en/products/{quote(slug)}",
                "search (duck)": f"{base}/en/search?q=duck",
                "search (鸭)": f"{base}/zh-hans/search?q={quote('鸭')}",
            }
            results = {
                name: measure(address, args.concurrency, args.seconds)
                for name, address in endpoints.items()
            }
    backend = "SQLite" if args.database == "sqlite" else "PostgreSQL"
    catalog = f"demo + {args.products} generated" if args.products else "demo catalog"
    print(
        f"\n{backend}, {catalog}, gunicorn {args.workers} workers, "
        f"{args.concurrency} clients, {args.seconds:g} s per endpoint, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} (other work on the machine skews the figures)"
    )
    print(f"{'endpoint':<18} {'req/s':>8} {'p95 ms':>8} {'ratio':>6} {'errors':>6}")
    bare_rps = results["bare (/healthz)"][0]
    for name, (rps, p95, errors) in results.items():
        print(f"{name:<18} {rps:>8.1f} {p95:>8.1f} {rps / bare_rps:>6.2f} {errors:>6}")


if __name__ == "__main__":
    main()
