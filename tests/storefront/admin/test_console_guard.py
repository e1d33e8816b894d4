"""Every console page, now and later: walked from ``app.url_map``, so a new page under
``/<locale>/admin/`` is covered without touching this test. Buyers, cooperative members and
showroom staff get 403, an anonymous visitor is sent to sign in, the operator gets in."""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from storefront.accounts.models import UserRole
from tests.factories import make_producer, make_user, sign_in

PREFIX = "/<locale:locale>/admin"


def console_rules(app, method: str) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX) and method in (rule.methods or ())
    ]


def sample_url(rule: Rule, locale: str = "en") -> str:
    """The rule's path with 1 for every argument but the locale (ids need not exist: the guard
    answers before any look-up)."""
    values = {name: locale if name == "locale" else 1 for name in rule.arguments}
    _domain, path = rule.build(values)
    return path


@pytest.mark.parametrize(
    "role", [None, UserRole.BUYER, UserRole.COOP_MEMBER, UserRole.SHOWROOM_STAFF], ids=str
)
def test_every_console_page_refuses_everyone_but_the_operator(app, client, db_session, role):
    gets = console_rules(app, "GET")
    posts = console_rules(app, "POST")
    assert len(gets) >= 10 and posts  # the walk found the console
    if role is not None:
        producer = make_producer(db_session) if role is UserRole.COOP_MEMBER else None
        make_user(db_session, f"{role.value}@example.com", role, producer)
        sign_in(client, f"{role.value}@example.com")
    wrong = []
    for method, rules in (("GET", gets), ("POST", posts)):
        for rule in rules:
            url = sample_url(rule)
            response = client.open(url, method=method)
            if role is None:
                ok = response.status_code == 302 and "/en/account/login" in response.location
            else:
                ok = response.status_code == 403
            if not ok:
                wrong.append((method, url, response.status_code))
    assert wrong == []


def test_the_operator_opens_every_console_page_without_arguments(app, client, db_session):
    make_user(db_session, "operator@example.com", UserRole.OPERATOR)
    sign_in(client, "operator@example.com")
    pages = [
        sample_url(rule) for rule in console_rules(app, "GET") if set(rule.arguments) == {"locale"}
    ]
    assert "/en/admin/" in pages and "/en/admin/producers/" in pages
    assert {url: client.get(url).status_code for url in pages} == {url: 200 for url in pages}
