"""Condition photos made safe to keep and quick to show: pure functions over bytes with Pillow,
no Flask and no database. Every photo is decoded and encoded again, so what is stored carries
no EXIF (camera, owner, GPS position of a store room) nor anything else the upload hid behind
the picture; a thumbnail is made from the same pixels."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: A larger picture is refused before it is decoded (a "decompression bomb": a few kilobytes
#: that unpack to gigabytes). 64 megapixels is more than any condition photo needs.
MAX_PIXELS = 64_000_000
THUMBNAIL = (320, 320)
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class PhotoProblem(Exception):
    """The image cannot be read ("damaged") or is too large to decode ("too_large")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    thumbnail: bytes  # always JPEG


def clean(data: bytes) -> CleanPhoto:
    """The photo re-encoded in its own format (JPEG or PNG) without any metadata, turned upright
    as its EXIF orientation said, and its thumbnail."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in FORMATS:
                raise PhotoProblem("damaged")
            if width * height > MAX_PIXELS:
                raise PhotoProblem("too_large")
            image = ImageOps.exif_transpose(probe)
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PhotoProblem("damaged") from None
    return CleanPhoto(_encode(image, kind), FORMATS[kind], _thumbnail(image))


def _encode(image: Image.Image, kind: str) -> bytes:
    """Pixels only: a new image without `info` (EXIF, XMP, ICC, comments, text chunks)."""
    mode = "RGB" if kind == "JPEG" else ("RGBA" if "A" in image.getbands() else "RGB")
    bare = Image.new(mode, image.size)
    bare.paste(image.convert(mode))
    out = io.BytesIO()
    if kind == "JPEG":
        bare.save(out, "JPEG", quality=90, optimize=True)
    else:
        bare.save(out, "PNG", optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB")
    small.thumbnail(THUMBNAIL)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
