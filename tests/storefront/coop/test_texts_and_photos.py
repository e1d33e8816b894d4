"""The translation editor (states per locale, "needs update" from the source digest, sanitised
rich text) and photos (checked by content, EXIF stripped, WebP renditions, shown with srcset in
the shop, nothing written outside the media folder)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from catalog.listings.texts import texts_of, translation_gaps
from catalog.models import ProductPhoto
from catalog.translation_status import TextState
from tests.storefront.coop.conftest import jpeg

PORTAL = "/en/coop"


def save(client, product, locale, **fields):
    data = {f"{locale}-{name}": value for name, value in fields.items()}
    return client.post(f"{PORTAL}/products/{product.id}/texts/{locale}", data=data)


def test_a_changed_source_marks_translations_for_update(client, db_session, member_a):
    product = member_a.product
    assert texts_of(product).of("fr").state is TextState.COMPLETE
    source = next(t for t in product.translations if t.locale == "zh-hans")
    save(
        client,
        product,
        "zh-hans",
        name=source.name,
        summary=source.summary + "，新配方",
        description=source.description,
    )
    states = texts_of(product)
    assert states.of("zh-hans").state is TextState.SOURCE
    assert {states.of(code).state for code in ("en", "fr", "ms", "ar", "zh-hant")} == {
        TextState.STALE
    }
    editor = client.get(f"{PORTAL}/products/{product.id}/texts").get_data(as_text=True)
    assert 'id="state-fr">Needs update' in editor
    gaps = {gap.locale: gap for gap in translation_gaps(db_session, member_a.producer.id)}
    assert gaps["fr"].stale == 1 and gaps["zh-hans"].stale == 0

    french = next(t for t in product.translations if t.locale == "fr")
    save(
        client,
        product,
        "fr",
        name=french.name,
        summary=french.summary,
        description="<p>Nouvelle recette.</p><img src=x onerror=alert(1)><a href='//evil'>x</a>",
    )
    assert texts_of(product).of("fr").state is TextState.COMPLETE
    assert french.description == "<p>Nouvelle recette.</p>x"
    slug = next(t.slug for t in product.translations if t.locale == "fr")
    page = client.get(f"/fr/products/{slug}").get_data(as_text=True)
    assert "Nouvelle recette." in page and "onerror" not in page


def test_an_empty_translation_is_removed_and_reads_missing(client, db_session, member_a):
    product = member_a.product
    save(client, product, "ms", name="", summary="", description="")
    assert texts_of(product).of("ms").state is TextState.MISSING
    refused = save(client, product, "ms", name="", summary="Ringkasan sahaja", description="")
    assert refused.status_code == 400  # a summary without a name


def test_a_photo_is_converted_and_shown_in_the_shop(app, client, db_session, member_a):
    product = member_a.product
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam 12"  # the camera model, as phones write it
    exif[0x8825] = {1: "N", 2: (28.0, 14.0, 0.0)}  # a GPS position
    data = jpeg(2000, 1500, exif=exif.tobytes())
    response = client.post(
        f"{PORTAL}/products/{product.id}/photos",
        data={"photo": (io.BytesIO(data), "IMG_0001.JPG")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    photo = db_session.scalars(
        select(ProductPhoto)
        .where(ProductPhoto.product_id == product.id)
        .order_by(ProductPhoto.id.desc())
    ).first()
    assert photo.rendition_widths == [320, 640, 1280]
    media = Path(app.config["MEDIA_DIR"]).resolve()
    for width in photo.rendition_widths:
        path = media / "products" / str(product.id) / f"{photo.storage_key}-{width}.webp"
        with Image.open(path) as image:
            assert image.format == "WEBP" and image.width == width
            assert not image.getexif() and "exif" not in image.info
    assert "IMG_0001" not in "".join(str(p) for p in media.rglob("*"))
    served = client.get(f"/media/products/{product.id}/{photo.storage_key}-640.webp")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert "immutable" in served.headers["Cache-Control"]
    served.close()

    client.post(f"{PORTAL}/photos/{photo.id}/first")
    slug = next(t.slug for t in product.translations if t.locale == "en")
    page = client.get(f"/en/products/{slug}").get_data(as_text=True)
    assert f"{photo.storage_key}-1280.webp 1280w" in page and "srcset=" in page
    card_page = client.get(
        "/en/counties/" + next(t.slug for t in product.county.translations if t.locale == "en")
    ).get_data(as_text=True)
    assert photo.storage_key in card_page  # the card shows the leading photo, not the drawing


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be ``width`` x ``height``: a decompression bomb."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload(client, product, data, name="photo.jpg"):
    return client.post(
        f"{PORTAL}/products/{product.id}/photos",
        data={"photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_what_is_not_a_photo_is_refused_with_a_clear_message(app, client, db_session, member_a):
    product = member_a.product
    media = Path(app.config["MEDIA_DIR"])
    files_before = sorted(media.rglob("*"))
    rows_before = db_session.scalars(select(ProductPhoto.id)).all()
    cases = [
        (b"%PDF-1.7 not a photo", "photo.jpg", "not a photo the shop can read"),
        (png_header(60_000, 60_000), "bomb.png", "too many pixels"),
        (jpeg(120, 90), "tiny.jpg", "too small"),
    ]
    gif = io.BytesIO()
    Image.new("RGB", (400, 400)).save(gif, "GIF")
    cases.append((gif.getvalue(), "anim.jpg", "JPEG, PNG or WebP"))
    for data, name, message in cases:
        response = upload(client, product, data, name)
        assert response.status_code == 400, name
        assert message in response.get_data(as_text=True), name
    app.config["PHOTO_MAX_BYTES"], saved = 50_000, app.config["PHOTO_MAX_BYTES"]
    try:
        response = upload(client, product, jpeg(2400, 1800, color=(1, 2, 3)) + b"\0" * 60_000)
        assert response.status_code == 400
        assert "too large" in response.get_data(as_text=True)
    finally:
        app.config["PHOTO_MAX_BYTES"] = saved
    assert sorted(media.rglob("*")) == files_before
    assert db_session.scalars(select(ProductPhoto.id)).all() == rows_before


def test_an_upload_over_the_request_limit_gets_the_same_clear_message(
    app, client, db_session, member_a
):
    product = member_a.product
    app.config["MAX_CONTENT_LENGTH"], saved = 10_000, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = upload(client, product, b"\xff" * 20_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = saved
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "This file is too large" in page


def test_removing_a_photo_removes_its_files(app, client, db_session, member_a):
    photo = db_session.get(ProductPhoto, member_a.ids["photo_id"])
    paths = [
        Path(app.config["MEDIA_DIR"])
        / "products"
        / str(photo.product_id)
        / f"{photo.storage_key}-{w}.webp"
        for w in photo.rendition_widths
    ]
    assert all(path.exists() for path in paths)
    client.post(f"{PORTAL}/photos/{photo.id}/remove")
    assert not any(path.exists() for path in paths)
    assert db_session.get(ProductPhoto, member_a.ids["photo_id"]) is None


def test_media_names_outside_the_pattern_are_404(client, db_session):
    for path in (
        "/media/products/1/..%2F..%2Fsecret.webp",
        "/media/products/1/photo.jpg",
        "/media/products/1/" + "a" * 32 + "-640.webp",
    ):
        assert client.get(path).status_code == 404, path
