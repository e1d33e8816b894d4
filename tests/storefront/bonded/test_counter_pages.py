"""The counter pages: showroom staff only, the masked ID, the last six characters, a 409 for a
mismatch, rate-limited look-ups (in a worker process of its own, limits on)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from storefront.accounts.models import User, UserRole
from storefront.bonded.cli import follow_customs_once
from storefront.orders.models import Order
from storefront.orders.states import OrderStatus
from tests.i18n import translated_html
from tests.pickup_ids import SECOND_TOURIST

ROOT = Path(__file__).resolve().parents[3]


def sign_in(client, session, role: UserRole, email: str, locale: str = "en") -> User:
    user = User(email=email, role=role, full_name="Counter staff")
    user.set_password("demo-password-2026")
    session.add(user)
    session.flush()
    response = client.post(
        "/en/account/login", data={"email": email, "password": "demo-password-2026"}
    )
    assert response.status_code == 302
    return user


@pytest.fixture
def ready_order(db_session, place, pay, customs_round):
    order = place({"BD-NZ-MILK-3": 1, "BD-AU-SHZ-750": 1}, id_number=SECOND_TOURIST)
    pay(order)
    customs_round()
    customs_round()
    follow_customs_once()
    db_session.refresh(order)
    return order


def test_only_showroom_staff_reach_the_counter(client, db_session):
    assert client.get("/en/showroom/").status_code == 302  # to sign in
    sign_in(client, db_session, UserRole.BUYER, "tourist@example.com")
    assert client.get("/en/showroom/").status_code == 403
    assert client.post("/en/showroom/look-up", data={"code": "K7QM4XZD9P"}).status_code == 403


def post(app, client, path, data):
    """Each request in an app context of its own, as in production (Babel caches per context)."""
    with app.app_context():
        return client.post(path, data=data)


def test_look_up_check_the_id_and_hand_over(app, client, db_session, ready_order, vault):
    sign_in(client, db_session, UserRole.SHOWROOM_STAFF, "counter@example.com", "zh-hant")
    code = vault.unseal(ready_order.bonded.pickup_code_sealed)
    number, masked = ready_order.number, ready_order.bonded.id_masked
    found = post(app, client, "/zh-hant/showroom/look-up", {"code": code.lower()})
    html = found.get_data(as_text=True)
    assert found.status_code == 200
    assert masked in html and SECOND_TOURIST not in html
    assert SECOND_TOURIST[-6:] not in html  # what staff must type is never shown
    assert 'id="hand-over"' in html
    mismatch = post(
        app, client, "/zh-hant/showroom/hand-over", {"code": code, "last_six": "123456"}
    )
    assert mismatch.status_code == 409
    message = translated_html(
        app, "zh-hant", "The characters do not match the buyer's ID card. Nothing was handed over."
    )
    assert message in mismatch.get_data(as_text=True)
    assert 'value="123456"' in mismatch.get_data(as_text=True)  # what staff typed is kept
    done = post(
        app, client, "/zh-hant/showroom/hand-over",
        {"code": code, "last_six": SECOND_TOURIST[-6:].lower()},
    )  # fmt: skip
    assert done.status_code == 200 and 'id="handed-over"' in done.get_data(as_text=True)
    order = db_session.scalars(select(Order).where(Order.number == number)).one()
    assert order.status is OrderStatus.COMPLETED
    again = post(app, client, "/zh-hant/showroom/look-up", {"code": code})
    assert again.status_code == 409
    collected = translated_html(app, "zh-hant", "This order has already been collected.")
    assert collected in again.get_data(as_text=True)
    unknown = post(app, client, "/zh-hant/showroom/look-up", {"code": "0000-0000-00"})
    assert unknown.status_code == 404


WORKER = """
import json, sys
from storefront import create_app
from storefront.accounts.models import User, UserRole
from storefront.extensions import db
from storefront.pickup.demo import load_bonded_demo

database, limits_file = sys.argv[1], sys.argv[2]
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + database, "WTF_CSRF_ENABLED": False,
                  "RATELIMIT_ENABLED": True, "RATELIMIT_FILE": limits_file,
                  "PICKUP_COUNTER_RATE_LIMIT": "3 per minute", "MAIL_BACKEND": "memory",
                  "PICKUP_ID_KEY_FILE": database + ".key", "PAGE_CACHE_SECONDS": 0})
with app.app_context():
    db.create_all()
    load_bonded_demo(db.session)
    staff = User(email="counter@example.com", role=UserRole.SHOWROOM_STAFF)
    staff.set_password("demo-password-2026")
    db.session.add(staff)
    db.session.commit()
client = app.test_client()
client.post("/en/account/login", data={"email": "counter@example.com",
                                        "password": "demo-password-2026"})
codes = [client.post("/en/showroom/look-up", data={"code": "K7QM4XZD9P"}).status_code
         for _ in range(5)]
print(json.dumps(codes))
"""


def test_code_guessing_at_the_counter_is_rate_limited(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(tmp_path / "shop.sqlite3"), str(tmp_path / "l.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    codes = json.loads(result.stdout.strip().splitlines()[-1])
    assert codes == [404, 404, 404, 429, 429]
