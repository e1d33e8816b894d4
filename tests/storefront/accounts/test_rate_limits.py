"""Rate limits: per address and per account, counted together by every worker process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storefront.rate_limits import SQLiteFileStorage, storage_uri

ROOT = Path(__file__).resolve().parents[3]

# A fresh process per "worker": the limiter is a module-level extension, disabled in the test app.
WORKER_SCRIPT = """
import json, sys
from storefront import create_app
from storefront.accounts.services import register_buyer
from storefront.extensions import db

database, limits_file, plan = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + database, "WTF_CSRF_ENABLED": False,
                  "RATELIMIT_ENABLED": True, "RATELIMIT_FILE": limits_file,
                  "MAIL_BACKEND": "memory", "PAGE_CACHE_SECONDS": 0})
with app.app_context():
    db.create_all()
    if plan.get("create"):
        register_buyer(db.session, email="mei@example.com", password="correct horse battery",
                       locale="en")
        db.session.commit()
client = app.test_client()
codes = []
for address, path, data in plan["posts"]:
    response = client.post(path, data=data, environ_base={"REMOTE_ADDR": address})
    codes.append(response.status_code)
print(json.dumps(codes))
"""


def run_worker(tmp_path: Path, plan: dict, *, background: bool = False):
    args = [
        sys.executable,
        "-c",
        WORKER_SCRIPT,
        str(tmp_path / "shop.sqlite3"),
        str(tmp_path / "limits.sqlite3"),
        json.dumps(plan),
    ]
    if background:
        return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def wrong_login(address: str, email: str = "mei@example.com"):
    return [address, "/en/account/login", {"email": email, "password": "wrong password"}]


def test_sign_in_is_limited_per_address(tmp_path):
    plan = {"posts": [wrong_login("10.0.0.1", f"user{n}@example.com") for n in range(11)]}
    assert run_worker(tmp_path, plan) == [200] * 10 + [429]


def test_two_worker_processes_count_one_budget(tmp_path):
    run_worker(tmp_path, {"create": True, "posts": []})  # database ready before the race
    plan = {"posts": [wrong_login("10.0.0.1", f"u{n}@example.com") for n in range(8)]}
    workers = [run_worker(tmp_path, plan, background=True) for _ in range(2)]
    codes = []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        codes += json.loads(out.strip().splitlines()[-1])
    assert codes.count(200) == 10 and codes.count(429) == 6  # 16 tries, 10 allowed in all


def test_guesses_for_one_account_from_many_addresses_are_stopped(tmp_path):
    guesses = [wrong_login(f"10.0.{n % 4}.1") for n in range(12)]
    right = [
        "10.0.9.9",
        "/en/account/login",
        {"email": "MEI@example.com", "password": "correct horse battery"},
    ]
    codes = run_worker(tmp_path, {"create": True, "posts": [*guesses, right]})
    assert codes[:10] == [200] * 10  # ten failures for the account (from four addresses)
    assert codes[10:] == [429, 429, 429]  # then even the right password waits


def test_a_successful_sign_in_does_not_spend_the_accounts_budget(tmp_path):
    right = [
        "10.0.0.1",
        "/en/account/login",
        {"email": "mei@example.com", "password": "correct horse battery"},
    ]
    posts = [[f"10.0.{n}.1", *right[1:]] for n in range(12)]
    assert run_worker(tmp_path, {"create": True, "posts": posts}) == [302] * 12


def test_registration_reset_and_order_look_up_are_limited(tmp_path):
    register = [
        [
            "10.0.0.1",
            "/en/account/register",
            {
                "email": f"n{n}@example.com",
                "password": "correct horse battery",
                "confirm": "correct horse battery",
            },
        ]
        for n in range(6)
    ]
    reset = [["10.0.1.1", "/en/account/password-reset", {"email": "mei@example.com"}]] * 11
    lookup = [
        [f"10.0.2.{n % 3}", "/en/account/orders/lookup", {"number": "CZ1", "email": "a@b.example"}]
        for n in range(11)
    ]
    codes = run_worker(tmp_path, {"create": True, "posts": [*register, *reset, *lookup]})
    assert codes[:6] == [302] * 5 + [429]
    assert codes[6:17] == [302] * 10 + [429]
    assert codes[17:] == [200] * 10 + [429]  # one e-mail, three addresses: the account's budget


def test_the_shared_store_is_redis_when_configured_else_the_file(tmp_path):
    assert storage_uri({"REDIS_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_FILE": "x"}) == (
        "redis://127.0.0.1:6379/0"
    )
    assert storage_uri({"RATELIMIT_FILE": "/tmp/l.sqlite3"}) == "sqlite-file:///tmp/l.sqlite3"
    store = SQLiteFileStorage("sqlite-file://" + str(tmp_path / "l.sqlite3"))
    other = SQLiteFileStorage("sqlite-file://" + str(tmp_path / "l.sqlite3"))
    assert [store.incr("k", 60), other.incr("k", 60), store.get("k")] == [1, 2, 2]
    assert store.incr("gone", -1) == 1 and other.get("gone") == 0  # an ended window counts 0
    store.clear("k")
    assert other.get("k") == 0 and store.check()


REDIS_SCRIPT = """
import json, sys
from storefront import create_app
from storefront.extensions import db

app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": False,
                  "RATELIMIT_ENABLED": True, "REDIS_URL": sys.argv[1], "MAIL_BACKEND": "memory"})
with app.app_context():
    db.create_all()
client = app.test_client()
print(json.dumps([client.post("/en/account/login", data={"email": f"u{n}@example.com",
                  "password": "x"}).status_code for n in range(6)]))
"""


def test_with_redis_configured_every_process_counts_in_redis(redis_url):
    codes = []
    for _ in range(2):  # two processes, one after the other, one budget of ten
        result = subprocess.run(
            [sys.executable, "-c", REDIS_SCRIPT, redis_url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        codes += json.loads(result.stdout.strip().splitlines()[-1])
    assert codes == [200] * 10 + [429] * 2
