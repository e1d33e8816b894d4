"""Shop pages: home, counties, brands, products."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup

from catalog import cards, queries
from catalog.models import Category
from catalog.search import SearchFilters, search_product_cards
from catalog.translation import translated_field
from storefront.extensions import db
from storefront.fragments import cached_fragment, cached_html
from storefront.i18n import current_locale, supported_locales
from storefront.page_cache import cached_page
from storefront.preferences.forms import options_html
from storefront.shop import labels, product_page
from storefront.shop.destination import blocked_for_destination, hidden_classes
from storefront.shop.params import SearchRequest, checked_slug, page_number, search_request

bp = Blueprint("shop", __name__, url_prefix="/<locale:locale>", template_folder="templates")


def _shop_month() -> int:
    return datetime.now(ZoneInfo(current_app.config["SHOP_TIMEZONE"])).month


def _slug_alternates(endpoint: str, obj) -> dict[str, str]:
    return {
        code: url_for(
            endpoint, locale=code, slug=translated_field(obj, "slug", code), _external=True
        )
        for code in supported_locales()
    }


def _canonical_or_redirect(endpoint: str, match):
    """Serve the page under this locale's slug; redirect a slug of another locale to it."""
    if match is None:
        abort(404)
    own_slug = translated_field(match.obj, "slug", current_locale())
    if not match.is_canonical and own_slug != request.view_args.get("slug"):
        return redirect(url_for(endpoint, slug=own_slug, **request.args), 301)
    g.alternate_urls = _slug_alternates(endpoint, match.obj)
    return None


def _county_cards() -> tuple[cards.PlaceCard, ...]:
    return cached_fragment("county cards", lambda: cards.all_county_cards(db.session))


def _brand_cards() -> tuple[cards.PlaceCard, ...]:
    return cached_fragment("brand cards", lambda: cards.all_brand_cards(db.session))


def _county_counts() -> dict[int, int]:
    """Products per county (a count over the whole catalog: kept per catalog version)."""
    return cached_fragment("county counts", lambda: queries.count_products_by_county(db.session))


def _listing(**filters) -> queries.Page[cards.ProductCard]:
    """One page of a listing's cards (with the count), kept per catalog version."""
    page = page_number(request.args.get("page"))
    hidden = hidden_classes()
    per_page = current_app.config["PAGE_SIZE"]
    return cached_fragment(
        ("listing", tuple(sorted(filters.items())), page, per_page, hidden),
        lambda: queries.list_products(
            db.session, page=page, per_page=per_page, excluded_classes=hidden, **filters
        ),
    )


def _home_places() -> Markup:
    """The county and brand blocks, as HTML per locale and catalog version."""
    return cached_html(
        ("home places", current_locale()),
        lambda: render_template(
            "shop/_home_places.html",
            counties=_county_cards(),
            county_counts=_county_counts(),
            brands=_brand_cards(),
        ),
    )


def _place_choices(kind: str, places: tuple[cards.PlaceCard, ...]) -> tuple[tuple[str, str], ...]:
    """(code, name) of counties or brands in the page's locale, for the search filters."""
    locale = current_locale()
    return cached_fragment(
        (kind, locale),
        lambda: tuple((place.code, translated_field(place, "name", locale)) for place in places),
    )


def _category_choices() -> tuple[tuple[str, str], ...]:
    return tuple((category.value, str(labels.CATEGORIES[category])) for category in Category)


@bp.get("/")
@cached_page
def home():
    month = _shop_month()
    hidden = hidden_classes()
    return render_template(
        "shop/home.html",
        featured=cached_fragment(
            ("featured", hidden),
            lambda: queries.featured_products(db.session, excluded_classes=hidden),
        ),
        in_season=cached_fragment(
            ("in season", month, hidden),
            lambda: queries.products_in_season(db.session, month, excluded_classes=hidden),
        ),
        month=month,
        places=_home_places(),
    )


@bp.get("/products/")
@cached_page
def product_list():
    result = _listing()
    if result.page > result.pages:
        abort(404)
    return render_template("shop/product_list.html", result=result)


@bp.get("/products/<slug>")
@cached_page
def product_detail(slug: str):
    locale = current_locale()
    facts = product_page.product_page_facts(locale, checked_slug(slug))
    if not facts.is_canonical and facts.own_slug != slug:
        return redirect(url_for("shop.product_detail", slug=facts.own_slug, **request.args), 301)
    g.alternate_urls = dict(facts.alternates)
    body = product_page.product_body(facts, locale, _shop_month())
    return render_template("shop/product_detail.html", facts=facts, body=body)


@bp.get("/counties/")
@cached_page
def county_list():
    session = db.session
    return render_template(
        "shop/county_list.html",
        counties=queries.list_counties(session),
        county_counts=_county_counts(),
    )


@bp.get("/counties/<slug>")
@cached_page
def county_detail(slug: str):
    match = queries.county_by_slug(db.session, current_locale(), checked_slug(slug))
    if (response := _canonical_or_redirect("shop.county_detail", match)) is not None:
        return response
    result = _listing(county_id=match.obj.id)
    return render_template("shop/county_detail.html", county=match.obj, result=result)


@bp.get("/brands/")
@cached_page
def brand_list():
    return render_template("shop/brand_list.html", brands=queries.list_brands(db.session))


@bp.get("/brands/<slug>")
@cached_page
def brand_detail(slug: str):
    match = queries.brand_by_slug(db.session, current_locale(), checked_slug(slug))
    if (response := _canonical_or_redirect("shop.brand_detail", match)) is not None:
        return response
    result = _listing(brand_id=match.obj.id)
    return render_template("shop/brand_detail.html", brand=match.obj, result=result)


def _search_filters(asked: SearchRequest) -> SearchFilters:
    """The catalog filters for a checked search request and the visitor's destination."""
    return SearchFilters(
        query=asked.query,
        county_code=asked.county,
        brand_code=asked.brand,
        category=asked.category,
        in_season_month=_shop_month() if asked.in_season else None,
        excluded_classes=blocked_for_destination() if asked.shippable else hidden_classes(),
    )


SEARCH_PARAMETERS = ("q", "county", "brand", "category", "season", "shippable", "page")


def _search_alternates() -> dict[str, str]:
    """The language switcher and hreflang links keep the query and the filters.

    Only the search's own parameters: anything else (``locale``, ``_external``, ``_scheme``)
    would be read by ``url_for`` as an instruction, not copied into the link.
    """
    args = {name: request.args[name] for name in SEARCH_PARAMETERS if name in request.args}
    return {
        code: url_for("shop.search", locale=code, _external=True, **args)
        for code in supported_locales()
    }


@bp.get("/search")
@cached_page
def search():
    session = db.session
    counties = _county_cards()
    brands = _brand_cards()
    asked = search_request(
        request.args,
        county_codes={county.code for county in counties},
        brand_codes={brand.code for brand in brands},
        max_query_length=current_app.config["MAX_QUERY_LENGTH"],
    )
    filters = _search_filters(asked)
    per_page = current_app.config["PAGE_SIZE"]
    result = cached_fragment(
        ("search", filters, asked.page, per_page),
        lambda: search_product_cards(session, filters, page=asked.page, per_page=per_page),
    )
    g.alternate_urls = _search_alternates()
    category = asked.category.value if asked.category else None
    return render_template(
        "shop/search.html",
        asked=asked,
        result=result,
        county_options=options_html(_place_choices("county choices", counties), asked.county),
        brand_options=options_html(_place_choices("brand choices", brands), asked.brand),
        category_options=options_html(
            cached_fragment(("category choices", current_locale()), _category_choices), category
        ),
        searched=not filters.is_empty,
    )
