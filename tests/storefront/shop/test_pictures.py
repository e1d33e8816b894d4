"""Every product has a picture of its own (drawn by the demo catalog until photos arrive)."""

from __future__ import annotations

from sqlalchemy import select

from catalog.models import Category, Product


def test_every_product_has_its_own_picture_and_the_oranges_differ(client, db_session):
    products = db_session.scalars(select(Product).order_by(Product.code)).unique().all()
    pictures = {}
    for product in products:
        response = client.get(f"/pictures/products/{product.code}.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        pictures[product.code] = response.get_data(as_text=True)
    assert len(set(pictures.values())) == len(products)  # no two products share one
    fruit = [p for p in products if p.category is Category.FRESH_FRUIT]
    assert len({pictures[p.code] for p in fruit}) == len(fruit) >= 3


def test_pages_show_the_products_own_picture(client, db_session):
    html = client.get("/en/products/").get_data(as_text=True)
    assert "/pictures/products/" in html and "img/categories/" not in html


def test_an_unknown_product_has_no_picture(client):
    assert client.get("/pictures/products/no-such-product.svg").status_code == 404
