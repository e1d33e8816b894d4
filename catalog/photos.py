"""Product photos: checked by content, made into WebP renditions, kept in the media folder.

``process_photo`` reads an upload with Pillow and refuses, with a stable reason, what is not a
photo the shop can show: too many bytes, not an image (whatever its name or declared type says),
a format other than JPEG, PNG or WebP, too many pixels (a "decompression bomb": a small file
that would expand into gigabytes; the header is read before any pixel is decoded), or too small
to show. What it keeps is re-encoded: turned upright from the EXIF orientation, then saved as
WebP without EXIF, XMP or any other metadata (GPS positions from a phone never reach the
shop), in the widths of ``RENDITION_WIDTHS`` narrower than the original plus one at the original
width (capped at the largest), never enlarged.

``PhotoStore`` writes and removes those files under one root folder. File names are made here
(product id, a random key, a width), never from the upload, and every path is checked to stay
inside the root before anything is written or removed.
"""

from __future__ import annotations

import io
import os
import secrets
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.exceptions import CatalogError

RENDITION_WIDTHS: Final = (320, 640, 1280)
ACCEPTED_FORMATS: Final = frozenset({"JPEG", "PNG", "WEBP"})
DEFAULT_MAX_BYTES: Final = 8 * 1024 * 1024
DEFAULT_MAX_PIXELS: Final = 40_000_000  # 40 megapixels: any phone camera, not a bomb
MIN_SIDE: Final = 200
WEBP_QUALITY: Final = 82


class PhotoRefused(CatalogError):
    """The upload is not a photo the shop keeps; ``reason`` is a stable key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    width: int
    height: int
    renditions: dict[int, bytes]  # width -> WebP bytes


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoRefused("not_an_image") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused("too_many_pixels") from error
    return image


def process_photo(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    widths: tuple[int, ...] = RENDITION_WIDTHS,
) -> ProcessedPhoto:
    """Check an upload by its content and make its WebP renditions (see the module's text)."""
    if len(data) > max_bytes:
        raise PhotoRefused("too_large")
    if not data:
        raise PhotoRefused("not_an_image")
    image = _open(data)
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRefused("unsupported_format")
    width, height = image.size
    if width * height > max_pixels:  # read from the header: nothing decoded yet
        raise PhotoRefused("too_many_pixels")
    if min(width, height) < MIN_SIDE:
        raise PhotoRefused("too_small")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused("too_many_pixels") from error
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt pixel data
        raise PhotoRefused("not_an_image") from error
    has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
    clean = upright.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}  # no EXIF, XMP, ICC or comments carried over
    width, height = clean.size
    wanted = [w for w in widths if w < width]
    wanted.append(min(width, max(widths)))  # the largest: the photo's own width, capped
    renditions: dict[int, bytes] = {}
    for target in wanted:
        resized = (
            clean
            if target == width
            else clean.resize((target, max(1, round(height * target / width))), Image.LANCZOS)
        )
        buffer = io.BytesIO()
        resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4, exif=b"")
        renditions[target] = buffer.getvalue()
    return ProcessedPhoto(width, height, renditions)


def new_storage_key() -> str:
    return secrets.token_hex(16)


class PhotoStore:
    """The media folder's product photos: ``products/<product id>/<key>-<width>.webp``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def relative_path(self, product_id: int, key: str, width: int) -> str:
        if not (isinstance(product_id, int) and key.isalnum() and isinstance(width, int)):
            raise ValueError("photo paths are made from ids, keys and widths only")
        return f"products/{product_id}/{key}-{width}.webp"

    def _inside(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"{relative!r} leaves the media folder")
        return path

    def write(self, product_id: int, key: str, photo: ProcessedPhoto) -> list[Path]:
        """Write every rendition atomically (temporary file + rename); returns their paths."""
        written: list[Path] = []
        try:
            for width, body in photo.renditions.items():
                path = self._inside(self.relative_path(product_id, key, width))
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
                with os.fdopen(handle, "wb") as target:
                    target.write(body)
                    target.flush()
                    os.fsync(target.fileno())
                os.replace(temporary, path)
                written.append(path)
        except BaseException:
            self.remove_paths(written)
            raise
        return written

    def paths_of(self, product_id: int, key: str, widths: list[int]) -> list[Path]:
        return [self._inside(self.relative_path(product_id, key, w)) for w in widths]

    @staticmethod
    def remove_paths(paths: list[Path]) -> None:
        for path in paths:
            path.unlink(missing_ok=True)
