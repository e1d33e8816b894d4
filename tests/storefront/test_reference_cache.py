"""The per-process cache of exchange rates and destination rules."""

from __future__ import annotations

import time

import pytest

from storefront.reference_cache import ReferenceCache, reference_cache


def test_values_are_loaded_once_until_they_expire(monkeypatch):
    cache = ReferenceCache()
    loads = []
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])

    def load():
        loads.append(1)
        return len(loads)

    assert cache.get_or_load("k", 60, load) == 1
    assert cache.get_or_load("k", 60, load) == 1
    clock[0] += 61
    assert cache.get_or_load("k", 60, load) == 2
    assert cache.get_or_load("other", 60, load) == 3


def test_a_zero_lifetime_turns_the_cache_off():
    cache = ReferenceCache()
    loads = []
    for _ in range(3):
        cache.get_or_load("k", 0, lambda: loads.append(1))
    assert len(loads) == 3


@pytest.fixture
def cache_lifetime(app):
    def set_lifetime(seconds: int) -> None:
        app.config["REFERENCE_CACHE_SECONDS"] = seconds
        reference_cache.clear()

    yield set_lifetime
    set_lifetime(0)


def test_pages_with_a_destination_reuse_rates_and_rules(
    client, db_session, count_queries, cache_lifetime
):
    client.get("/en/?currency=USD&ship_to=GB")
    with count_queries() as uncached:
        html = client.get("/en/products/").get_data(as_text=True)
    cache_lifetime(300)
    client.get("/en/products/")  # fills the cache
    with count_queries() as cached:
        assert client.get("/en/products/").get_data(as_text=True) == html
    # The rate (1 query) and the rules with their translations (2) come from the cache.
    assert len(cached) == len(uncached) - 3
    assert "approximate" in html and "eligibility-blocked" in html


def test_a_full_cache_forgets_its_oldest_entries_first():
    cache = ReferenceCache(max_entries=8)
    for n in range(9):
        cache.get_or_load(n, 60, lambda n=n: n)
    reloaded = []
    for n in (8, 3, 0):
        cache.get_or_load(n, 60, lambda n=n: reloaded.append(n) or n)
    assert reloaded == [0]  # the oldest went first; the newest were kept


def test_a_weight_budget_bounds_what_is_kept():
    cache = ReferenceCache(max_entries=100, weigh=len, max_weight=100)
    for n in range(10):
        cache.get_or_load(n, 60, lambda: "x" * 30)
    kept = [n for n in range(10) if cache._entries.get(n)]
    assert sum(len(cache._entries[n][1]) for n in kept) <= 100
    assert 9 in kept and 0 not in kept
