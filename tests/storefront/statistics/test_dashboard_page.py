"""The statistics dashboard: operator only, figures and charts, date range, CSV, query count."""

from __future__ import annotations

import csv
import io

import pytest

from storefront.accounts.models import UserRole
from tests.factories import make_producer, make_product, make_user, sign_in
from tests.storefront.statistics.builders import sold_order, utc

PAGE = "/en/admin/statistics/"
RANGE = "?from=2025-01-01&to=2025-03-31"


@pytest.fixture
def operator(client, db_session):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")


def test_anonymous_visitors_sign_in_first(client, db_session):
    for page in (PAGE, PAGE + "statistics.csv"):
        response = client.get(page)
        assert response.status_code == 302 and "/en/account/login" in response.location


@pytest.mark.parametrize("role", [UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF])
def test_other_roles_are_refused(client, db_session, role):
    producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
    make_user(db_session, f"{role.value}@example.com", role, producer)
    sign_in(client, f"{role.value}@example.com")
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "statistics.csv").status_code == 403


def test_the_operator_reads_figures_charts_and_tables(client, db_session, operator):
    tea = make_product(db_session, price="50.00")
    sold_order(db_session, utc(2025, 2, 10, 4), [(tea, 3)], destination="FR")
    html = client.get(PAGE + RANGE).get_data(as_text=True)
    assert '<a href="/en/admin/statistics/" aria-current="page">' in html
    assert html.count('<svg class="bars"') == 6
    assert "France" in html and "CN¥150.00" in html
    assert 'value="2025-01-01"' in html and 'value="2025-03-31"' in html
    assert "Progress toward the 6510 goal" in html and "跨境电商+高端消费品" in html


def test_a_bad_date_is_refused_at_its_field_and_kept(client, db_session, operator):
    response = client.get(PAGE + "?from=2025-02-30&to=2025-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="from-error"' in html and "Enter a date as YYYY-MM-DD." in html
    assert 'value="2025-02-30"' in html
    html = client.get(PAGE + "?from=2025-03-01&to=2025-01-01").get_data(as_text=True)
    assert "The end date is on or after the start date." in html


@pytest.mark.parametrize(
    ("locale", "heading", "export"),
    [("ar", "الإحصاءات", "قيمة التصدير"), ("zh-hant", "統計監測", "出口額")],
)
def test_the_page_reads_in_arabic_and_traditional_chinese(
    client, db_session, locale, heading, export
):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com", locale=locale)  # g (and its catalog) outlives requests
    html = client.get(f"/{locale}/admin/statistics/{RANGE}").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html and export in html
    assert (
        '<html lang="ar" dir="rtl">' in html if locale == "ar" else '<html lang="zh-Hant"' in html
    )


def test_csv_download_has_every_section(client, db_session, operator):
    tea = make_product(db_session, price="50.00")
    sold_order(db_session, utc(2025, 2, 10, 4), [(tea, 3)], destination="FR")
    response = client.get(PAGE + "statistics.csv" + RANGE)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "statistics-2025-01-01-2025-03-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    values = {(r["section"], r["key"]): r["value"] for r in rows}
    assert values[("export_value_by_month", "2025-02")] == "150.00"
    assert values[("export_value_by_destination", "FR")] == "150.00"
    assert values[("export_value_by_product_class", "tea")] == "150.00"
    assert values[("bonded_import_value_by_month", "2025-03")] == "0.00"
    assert values[("buyers", "")] == "1"


def test_the_query_count_does_not_grow_with_the_orders(client, db_session, operator, count_queries):
    tea = make_product(db_session, price="50.00")
    duck = make_product(db_session, make_producer(db_session), price="80.00")

    def statements() -> int:
        with count_queries() as seen:
            assert client.get(PAGE + RANGE).status_code == 200
        return len(seen)

    sold_order(db_session, utc(2025, 1, 5, 3), [(tea, 1)])
    statements()  # the first request after signing in loads what a session keeps
    few = statements()
    for day in range(1, 25):
        sold_order(db_session, utc(2025, 2, day, 3), [(tea, 1), (duck, 2)], destination="HK")
    assert statements() == few
