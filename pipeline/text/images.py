"""How many pages an image file has, checked before any pixel is decoded.

Only the header is read here (Pillow opens lazily), so a decompression bomb is
refused before a worker tries to allocate it. Multi-frame TIFFs are multi-page
scans, one page per frame; other formats' extra frames (animated GIF/WebP/PNG)
are animation, and only the first frame is read.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from pipeline.text.errors import ImageTooLarge, UnreadableImage

_MULTIPAGE_FORMATS = frozenset({"TIFF"})


def image_frames(path: str | Path, max_pixels: int) -> int:
    """Number of pages to OCR; raises ImageTooLarge or UnreadableImage."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(path) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise ImageTooLarge(
                    f"image of {width}x{height} pixels exceeds the {max_pixels} pixel limit"
                )
            if img.format not in _MULTIPAGE_FORMATS:
                return 1
            return max(1, int(getattr(img, "n_frames", 1)))
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except ImageTooLarge:
        raise
    except Exception as exc:  # damaged files make Pillow raise almost anything (TypeError...)
        raise UnreadableImage(f"image cannot be decoded: {exc}") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = previous
