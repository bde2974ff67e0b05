"""Image thumbnails made beside the original (which is never touched), with Pillow."""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageOps

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = (240, 240)


def make_thumbnail(original: Path, target: Path, max_pixels: int) -> bool:
    """Write a JPEG of at most 240x240 pixels for the image at ``original``; False (nothing
    written) when the image is over ``max_pixels`` (a decompression bomb) or cannot be decoded."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".jpg")
    os.close(handle)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(original, formats=["JPEG", "PNG"]) as image:
                if image.width * image.height > max_pixels:
                    return False
                image.draft("RGB", THUMBNAIL_SIZE)  # JPEG: decode at a reduced scale
                small = ImageOps.exif_transpose(image).convert("RGB")
                small.thumbnail(THUMBNAIL_SIZE)
                small.save(partial, "JPEG", quality=80)
        os.replace(partial, target)
        return True
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        log.warning("thumbnail refused for %s: too many pixels", original.name)
        return False
    except Exception:  # a thumbnail is a convenience; the original stays the evidence
        log.warning("thumbnail failed for %s", original.name, exc_info=True)
        return False
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
