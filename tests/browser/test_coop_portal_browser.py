"""A Linwu cooperative member in a real browser, in Chinese (zh-hans): creates a product, writes
its French description, uploads a photo and publishes it, and the shop shows both; then packs,
books the carrier and ships a parcel customs released. axe-core checks every portal page on
the way, on a desktop and a 390 px phone; the portal is also looked at in ar and zh-hant."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from catalog.models import Producer, Product
from storefront.checkout.placement import BuyerDetails, place_order
from storefront.customs import customs_adapter
from storefront.customs.exchange.dispatcher import DispatchPolicy, run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.demo.orders import pay_demo_order
from storefront.extensions import db
from storefront.orders.models import Order, SubOrder
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.models import ShippingMethod
from tests.browser.conftest import assert_accessible
from tests.i18n import translated

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MEMBER = "coop-linwu@demo.test"


def look(page, screenshot_dir, name: str) -> None:
    """axe-core on a desktop and on a 390 px phone (nothing wider than the phone), screenshots."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{name} (desktop)")
    page.screenshot(path=str(screenshot_dir / f"coop-{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{name} (390 px)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width} px wide on a phone"
    page.screenshot(path=str(screenshot_dir / f"coop-{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def sign_in(page, live_server, locale="zh-hans"):
    page.goto(f"{live_server}/{locale}/account/login")
    page.fill("#email", MEMBER)
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()


def paid_linwu_order(live_app) -> tuple[str, int]:
    """A buyer in Singapore paid for a Linwu duck: one parcel for the cooperative."""
    with live_app.app_context():
        session = db.session
        duck = session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
        order = place_order(
            session,
            {duck.variants[0].id: 1},
            BuyerDetails(
                email="mei.tan@example.sg",
                recipient_name="Mei Ling Tan",
                phone="+65 6123 4567",
                address=PostalAddress("SG", "10 Bayfront Avenue", postal_code="018956"),
                locale="en",
            ),
            ShippingMethod.INTERNATIONAL_EXPRESS,
        )
        session.commit()
        pay_demo_order(session, order, customs_adapter(live_app))
        session.commit()
        number, parcel_id = order.number, order.sub_orders[0].id
        db.session.remove()
    return number, parcel_id


def customs_round(live_app) -> None:
    with live_app.app_context():
        adapter = live_app.extensions["customs"]
        run_dispatcher(db.session, adapter.folders, DispatchPolicy())
        run_simulator(adapter.simulator())  # release delay 0 in the live app: 120 then 800
        run_simulator(adapter.simulator())
        run_receiver(db.session, adapter.folders)
        db.session.remove()


def photo_file(tmp_path) -> str:
    path = tmp_path / "duck.jpg"
    image = Image.new("RGB", (1600, 1200), (170, 90, 40))
    for x in range(0, 1600, 80):  # a little texture, so the WebP has something to keep
        image.paste((200, 140, 60), (x, 0, x + 40, 1200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_member_lists_a_product_and_ships_a_parcel_in_chinese(
    live_app, live_server, browser, screenshot_dir, tmp_path
):
    number, parcel_id = paid_linwu_order(live_app)
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server)
    assert page.url.endswith("/zh-hans/coop/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert translated(live_app, "zh-hans", "What needs doing now") in page.inner_text("main h1")
    assert int(page.inner_text("#todo-to-pack")) >= 1
    look(page, screenshot_dir, "home-zh-hans")

    # A new product, in Chinese.
    page.goto(f"{live_server}/zh-hans/coop/products/")
    look(page, screenshot_dir, "products-zh-hans")
    page.click("#new-product")
    page.fill("#name", "临武香酥鸭")
    page.fill("#summary", "酥香入味的临武鸭")
    page.fill("#description", "选用临武麻鸭，慢火卤制后酥烤。")
    page.select_option("#category", "meat_poultry")
    page.select_option("#product_class", "cooked_poultry")
    page.fill("#hs_code", "1602399100")
    page.select_option("#customs_unit", "136")
    page.fill("#shelf_life_days", "180")
    page.fill("#sku", "LW-CRISP-400")
    page.fill("#net_weight_g", "400")
    page.fill("#price", "68.00")
    page.fill("#barcode", "6901234567892")
    look(page, screenshot_dir, "product-new-zh-hans")
    page.click("#product-form button[type=submit]")
    page.wait_for_load_state()
    assert "/zh-hans/coop/products/" in page.url
    assert page.locator("#missing li").count() == 2  # the English name and summary
    look(page, screenshot_dir, "product-zh-hans")

    # Texts side by side: English, and the French description.
    page.click("#edit-texts")
    page.fill("#en-name", "Linwu crispy duck")
    page.fill("#en-summary", "Slow-braised, then roasted crisp")
    page.click("#save-en")
    page.wait_for_load_state()
    page.fill("#fr-name", "Canard croustillant de Linwu")
    page.fill("#fr-summary", "Braisé lentement puis rôti")
    page.fill(
        "#fr-description", "Canard de Linwu braisé à feu doux, puis rôti jusqu’à être croustillant."
    )
    page.click("#save-fr")
    page.wait_for_load_state()
    complete = translated(live_app, "zh-hans", "Complete")
    assert page.inner_text("#state-fr") == complete
    look(page, screenshot_dir, "texts-zh-hans")

    # A photo.
    page.goto(page.url.split("/texts")[0] + "/photos")
    page.set_input_files("#photo", photo_file(tmp_path))
    page.click("#upload-photo")
    page.wait_for_load_state()
    assert page.locator("#photos img").count() == 1
    look(page, screenshot_dir, "photos-zh-hans")

    # Publish, and the shop shows the French description and the photo.
    page.goto(page.url.split("/photos")[0])
    page.click("#publish")
    page.wait_for_load_state()
    assert page.locator("#published-state").get_attribute("class") == "state state-published"
    with live_app.app_context():
        product = db.session.scalars(
            select(Product).join(Product.translations).where(Product.code.like("linwu-duck-coop-%"))
        ).first()
        slug = next(t.slug for t in product.translations if t.locale == "fr")
        db.session.remove()
    shop = context.new_page()
    shop.goto(f"{live_server}/fr/products/{slug}")
    assert "Canard de Linwu braisé à feu doux" in shop.inner_text(".product-description")
    photo = shop.locator(".product-media img.product-photo-main")
    assert "/media/products/" in photo.get_attribute("srcset")
    assert shop.evaluate("document.querySelector('.product-photo-main').naturalWidth") > 0
    shop.screenshot(path=str(screenshot_dir / "coop-published-in-shop-fr.png"), full_page=True)

    # The parcel: pack, book the carrier, wait for customs, hand over.
    page.goto(f"{live_server}/zh-hans/coop/parcels/?stage=to_pack")
    look(page, screenshot_dir, "parcels-zh-hans")
    page.goto(f"{live_server}/zh-hans/coop/parcels/{parcel_id}")
    page.click("#pack")
    page.wait_for_load_state()
    page.click("#book")
    page.wait_for_load_state()
    waybill = page.inner_text("#waybill").strip()
    assert waybill and waybill != "—"
    look(page, screenshot_dir, "parcel-booked-zh-hans")
    customs_round(live_app)
    page.reload()
    released = translated(live_app, "zh-hans", "Released: hand over")
    assert page.inner_text("#parcel-stage") == released
    page.click("#hand-over")
    page.wait_for_load_state()
    assert page.inner_text("#tracking").strip() == waybill
    look(page, screenshot_dir, "parcel-shipped-zh-hans")
    with live_app.app_context():
        parcel = db.session.get(SubOrder, parcel_id)
        assert parcel.tracking_number == waybill
        order = db.session.scalars(select(Order).where(Order.number == number)).one()
        assert order.fulfilment_status.value == "shipped"
        db.session.remove()
    context.close()


@pytest.mark.parametrize("locale", ["ar", "zh-hant"])
def test_the_portal_reads_right_in_arabic_and_traditional_chinese(
    live_app, live_server, browser, screenshot_dir, locale
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, locale)
    with live_app.app_context():
        producer = db.session.scalars(
            select(Producer).where(Producer.code == "linwu-duck-coop")
        ).one()
        product_id = db.session.scalars(
            select(Product.id).where(Product.producer_id == producer.id).order_by(Product.id)
        ).first()
        db.session.remove()
    expected_dir = "rtl" if locale == "ar" else "ltr"
    for name, path in (
        ("home", "/"),
        ("products", "/products/"),
        ("product", f"/products/{product_id}"),
        ("texts", f"/products/{product_id}/texts"),
        ("stock", "/stock/"),
        ("parcels", "/parcels/"),
        ("brands", "/brands/"),
        ("members", "/members/"),
        ("csv", "/csv/"),
    ):
        page.goto(f"{live_server}/{locale}/coop{path}")
        assert page.locator("html").get_attribute("dir") == expected_dir
        heading = page.inner_text("main h1")
        assert heading and not heading.isascii(), (name, heading)  # really translated
        look(page, screenshot_dir, f"{name}-{locale}")
    context.close()
