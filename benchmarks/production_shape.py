"""Helpers of the production-shape benchmarks: private servers, a fresh database, gunicorn.

* ``private_postgres()``: a PostgreSQL cluster of its own (``initdb`` in a temporary folder, run
  as the ``postgres`` user on a free port), which a fault benchmark may restart as often as it
  likes without touching the machine's shared server.
* ``private_redis()``: a ``redis-server`` of its own on a free port.
* ``fresh_database(server)``: a new database on a PostgreSQL server, dropped afterwards; its name
  starts with ``STOREFRONT_BENCH_DATABASE_PREFIX`` (default ``storefront_bench``).
* ``shop_server(env)``: gunicorn with ``deploy/gunicorn.conf.py`` (the production settings),
  ``WEB_CONCURRENCY`` workers; yields its base URL and master pid.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answers on port {port}")


def postgres_bin() -> Path:
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    if found.returncode == 0 and Path(found.stdout.strip(), "initdb").exists():
        return Path(found.stdout.strip())
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        raise RuntimeError("initdb not found (apt-get install postgresql)")
    return candidates[-1].parent


class PrivateCluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.bin = postgres_bin()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def pg_ctl(self, action: str, *extra: str) -> None:
        self._as_postgres(
            "pg_ctl", action, "-D", str(self.folder / "data"), "-w", "-t", "60", *extra
        )

    def restart(self) -> tuple[float, float]:
        """Restart (fast shutdown: connections are cut); the moments it went down and came up."""
        down = time.time()
        self.pg_ctl("restart", "-m", "fast", "-l", str(self.folder / "log"))
        return down, time.time()


@contextmanager
def private_postgres() -> Iterator[PrivateCluster]:
    folder = Path(tempfile.mkdtemp(prefix="storefront-pg-"))
    os.chmod(folder, 0o777)
    cluster = PrivateCluster(folder, free_port())
    data = folder / "data"
    cluster._as_postgres("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(
            f"\nport = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder}'\nmax_connections = 200\n"
            "shared_buffers = 128MB\nfsync = on\n"
        )
    cluster.pg_ctl("start", "-l", str(folder / "log"))
    try:
        yield cluster
    finally:
        try:
            cluster.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def private_redis() -> Iterator[str]:
    port = free_port()
    folder = tempfile.mkdtemp(prefix="storefront-redis-")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str, purpose: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    prefix = os.environ.get("STOREFRONT_BENCH_DATABASE_PREFIX", "storefront_bench")
    name = f"{prefix}_{purpose}_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            server.set(database=name)
            .render_as_string(hide_password=False)
            .replace("postgresql+psycopg://", "postgresql://", 1)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def shop_env(**settings: str) -> dict[str, str]:
    """The environment of the shop's processes: this one's, the benchmark's settings on top."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("STOREFRONT_")}
    exchange = Path(tempfile.mkdtemp(prefix="storefront-bench-exchange-"))
    env.update(
        STOREFRONT_CUSTOMS_EXCHANGE_DIR=str(exchange / "exchange"),
        STOREFRONT_CUSTOMS_SIGNING_KEY_PATH=str(exchange / "keys/customs-signing-key.pem"),
        STOREFRONT_CUSTOMS_SIGNING_CERT_PATH=str(exchange / "keys/customs-signing-cert.pem"),
        STOREFRONT_MAIL_FILE_DIR=str(exchange / "mail"),
        STOREFRONT_RATELIMIT_FILE=str(exchange / "rate-limits.sqlite3"),
    )
    env.update(settings)
    return env


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of a process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextmanager
def shop_server(
    env: dict[str, str], workers: int = 4, log: Path | None = None
) -> Iterator[tuple[str, int]]:
    """gunicorn as deploy/ runs it; its JSON log lines go to ``log`` (else this terminal)."""
    import urllib.request

    port = free_port()
    log_file = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env={**env, "WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
        if log_file is not None:
            log_file.close()
