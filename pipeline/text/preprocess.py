"""Image clean-up before OCR, applied only where it was measured to help.

Every OCR page is measured on a reduced copy (~1000 px wide; ~20 ms CPU for a 300
dpi letter page, ~2% of its tesseract time); the full-size image is touched only
when a rule fires. Numbers below come from ``python -m benchmarks.ocr_input``
(pages made by pipeline.samples.scan; word recall against the drawn text).

Deskew. The skew angle is where the horizontal projection profile of the ink is
most peaked (text lines fall into single pixel rows), searched over +/-10 degrees
in 0.5 degree steps and refined in 0.05 degree steps; on generated pages every
estimate was exact to 0.05 degrees. Recall as is / deskewed, and CPU seconds per
page (tesseract included), 4 pages each:

    skew     -5.0   -2.0  -1.75   -1.5   -1.0   +0.6   +1.0   +1.5   +2.0   +3.0
    as is   0.110  0.707  0.789  0.999  1.000  0.997  0.996  0.992  0.990  0.989
    fixed   1.000  1.000  1.000  1.000  1.000  1.000  0.998  1.000  0.999  0.999
    cpu     0.67   0.80   0.85   0.95   0.94   0.94   0.97   1.01   1.00   0.99
    cpu fix 0.99   1.00   1.02   1.01   1.00   1.00   1.03   1.05   1.07   1.04

Tesseract copes with about a degree, then loses whole lines once the drift along
a line nears the line pitch (-1.75 degrees here; sooner with tighter spacing).
Deskewing costs 5-7% more CPU per page: nearest-neighbour rotation is only 10 ms
(bilinear 95 ms, bicubic 220 ms, same recall), but tesseract itself runs ~4%
longer on the upright image. Below a degree it buys at most one word in 250, so
pages are turned from `min_deskew_deg` = 1.2, a margin below the cliff, and only
when the profile has a clear peak (`_MIN_SKEW_SHARPNESS`: text pages score
1.6-3.7, sideways or blank pages 1.0-1.3, so a sideways page is left to OSD).
Scanned corpus pages measure -0.5..+0.65 degrees, so none of them is turned.

Binarize / denoise: not applied, because it does not help. Recall, 3 pages each,
clean-up applied to the 300 dpi render:

    page           none    median 3x3   Otsu    Sauvola*  flatten
    clean          1.000   1.000        0.997   1.000     1.000
    heavy noise    0.997   0.999        1.000   0.929     0.997
    blurred        1.000   1.000        0.986   1.000     0.999
    low contrast   1.000   1.000        1.000   0.019     1.000
    shaded         0.394   0.546        0.436   0.997     1.000
    (* tesseract's own adaptive threshold, -c thresholding_method=2)

Tesseract already binarizes (Otsu) internally, so a global threshold or a median
filter gains at most one word in 400 on very noisy pages, costs 150-900 ms, and
loses words on clean and blurred ones; Sauvola wrecks low-contrast pages. The one
failure is uneven illumination (a page darker on one side, as from a photographed
or badly lit scan): tesseract's single threshold drops the dark side while its
confidence stays high (~92), so low confidence cannot trigger a retry. Flattening
the background (divide by the paper level, taken per ~1/4 inch block as its 95th
percentile of grey) reads those pages fully and leaves the others within a word.
It runs when at least `_MIN_SHADED_SHARE` (10%) of the blocks have paper darker
than the page's paper by `_SHADE_DROP` grey levels: 0.58 on the shaded pages, 0.00
on the other generated kinds. On the scanned corpus: 0.13 on scored tables with
grey-filled cells (flattening read the figures in those cells: 339 -> 380 words),
0.03 on a purchase order with white-on-black header bars (flattening lost some of
that header text, so the threshold stays well above it), 0.00-0.07 elsewhere.
Applied clean-up is recorded as `preprocess`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

NONE = "none"
FLATTEN = "flatten_background"

_WORK_WIDTH_PX = 1000
_BLOCK_PX = 24  # ~1/4 inch on the reduced copy: wider than a text line's ink
_PAPER_PERCENTILE = 95
_SHADE_DROP = 40.0
_MIN_SHADED_SHARE = 0.10
_MIN_SKEW_SHARPNESS = 1.5
_MIN_INK_POINTS = 500
_COARSE_STEP_DEG = 0.5
_FINE_STEP_DEG = 0.05


@dataclass(frozen=True)
class SkewEstimate:
    """`angle_deg`: the page content is turned this far counter-clockwise.

    `sharpness` is the profile energy at that angle over the median energy of all
    angles tried: how clearly the page has text lines at all.
    """

    angle_deg: float
    sharpness: float


@dataclass(frozen=True)
class PagePlan:
    """What to do to one page image before OCR (see `plan_page`)."""

    skew_deg: float = 0.0  # content skew to undo; 0.0 leaves the image as it is
    flatten: bool = False

    @property
    def preprocess(self) -> str:
        return FLATTEN if self.flatten else NONE


def plan_page(
    image: Image.Image,
    *,
    deskew: bool = True,
    min_deskew_deg: float = 1.2,
    max_skew_deg: float = 10.0,
    flatten_shaded: bool = True,
) -> PagePlan:
    """Measure a greyscale page on a reduced copy and decide its clean-up."""
    small = _reduce(image)
    grid = _paper_grid(small)
    flatten = flatten_shaded and shaded_share(grid) >= _MIN_SHADED_SHARE
    if not deskew:
        return PagePlan(0.0, flatten)
    if flatten:
        small = _divide(small, _grid_to_size(grid, small.shape[1], small.shape[0]))
    skew = estimate_skew(small, max_skew_deg)
    if skew.sharpness < _MIN_SKEW_SHARPNESS or abs(skew.angle_deg) < min_deskew_deg:
        return PagePlan(0.0, flatten)
    return PagePlan(skew.angle_deg, flatten)


def apply_plan(image: Image.Image, plan: PagePlan) -> Image.Image:
    """The image tesseract should read: background flattened, then deskewed.

    The deskewed image keeps its size (corners filled white), so word boxes found
    in it are in the frame of the page, turned about its centre.
    """
    out = image
    if plan.flatten:
        out = flatten_background(out)
    if plan.skew_deg:
        out = out.rotate(
            -plan.skew_deg, resample=Image.Resampling.NEAREST, expand=False, fillcolor=255
        )
    return out


def estimate_skew(small: np.ndarray, max_deg: float = 10.0) -> SkewEstimate:
    """Skew of the text lines in a reduced greyscale page (uint8 array)."""
    ys, xs = _ink_points(small)
    if ys.size < _MIN_INK_POINTS:
        return SkewEstimate(0.0, 0.0)
    span = int(float(np.abs(xs).max()) * math.tan(math.radians(max_deg + 1.0))) + 2
    coarse = np.arange(-max_deg, max_deg + 1e-9, _COARSE_STEP_DEG)
    scores = np.array([_profile_energy(ys, xs, float(a), span) for a in coarse])
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - _COARSE_STEP_DEG, best + _COARSE_STEP_DEG + 1e-9, _FINE_STEP_DEG)
    fine_scores = np.array([_profile_energy(ys, xs, float(a), span) for a in fine])
    angle = float(fine[int(np.argmax(fine_scores))])
    median = float(np.median(scores))
    sharpness = float(fine_scores.max()) / median if median > 0 else 0.0
    return SkewEstimate(round(angle, 2) + 0.0, sharpness)


def shaded_share(grid: np.ndarray) -> float:
    """Share of blocks whose paper is clearly darker than the page's paper level."""
    if grid.size == 0:
        return 0.0
    paper = float(np.percentile(grid, 90))
    return float((grid < paper - _SHADE_DROP).mean())


def flatten_background(image: Image.Image) -> Image.Image:
    """Divide the page by its paper level so every region has white paper."""
    grid = _paper_grid(_reduce(image))
    pixels = np.asarray(image, dtype=np.uint8)
    return Image.fromarray(_divide(pixels, _grid_to_size(grid, image.width, image.height)), "L")


def otsu_threshold(pixels: np.ndarray) -> int:
    """Grey level that best splits the histogram into ink and paper."""
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    sum0 = np.cumsum(hist * levels)
    mean0 = sum0 / np.maximum(weight0, 1.0)
    mean1 = (sum0[-1] - sum0) / np.maximum(weight1, 1.0)
    between = weight0 * weight1 * (mean0 - mean1) ** 2
    return int(np.argmax(between))


def _reduce(image: Image.Image) -> np.ndarray:
    factor = max(1, round(image.width / _WORK_WIDTH_PX))
    small = image.reduce(factor) if factor > 1 else image
    return np.asarray(small.convert("L"), dtype=np.uint8)


def _ink_points(small: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and centred column of every dark pixel."""
    dark = small < otsu_threshold(small)
    ys, xs = np.nonzero(dark)
    return ys.astype(np.float32), xs.astype(np.float32) - small.shape[1] / 2.0


def _profile_energy(ys: np.ndarray, xs: np.ndarray, angle_deg: float, span: int) -> float:
    """Sum of squared row counts after shearing the ink by the angle: highest when
    text lines fall into single rows. A shear stands in for a rotation (within 1.5%
    at 10 degrees) and costs one multiply-add per ink pixel."""
    rows = (ys + xs * np.float32(math.tan(math.radians(angle_deg))) + span).astype(np.int64)
    counts = np.bincount(rows).astype(np.float64)
    return float(np.dot(counts, counts))


def _paper_grid(small: np.ndarray) -> np.ndarray:
    """Paper grey level per block (95th percentile: ink and specks ignored)."""
    height, width = small.shape
    rows, cols = height // _BLOCK_PX, width // _BLOCK_PX
    if rows == 0 or cols == 0:
        return np.full((1, 1), float(np.percentile(small, _PAPER_PERCENTILE)), dtype=np.float32)
    blocks = small[: rows * _BLOCK_PX, : cols * _BLOCK_PX].reshape(rows, _BLOCK_PX, cols, _BLOCK_PX)
    flat = blocks.transpose(0, 2, 1, 3).reshape(rows, cols, _BLOCK_PX * _BLOCK_PX)
    kth = round(_PAPER_PERCENTILE / 100.0 * (flat.shape[2] - 1))
    return np.partition(flat, kth, axis=2)[:, :, kth].astype(np.float32)


def _grid_to_size(grid: np.ndarray, width: int, height: int) -> np.ndarray:
    level = Image.fromarray(np.maximum(grid, 1.0).astype(np.float32), "F")
    return np.asarray(level.resize((width, height), Image.Resampling.BILINEAR), dtype=np.float32)


def _divide(pixels: np.ndarray, paper: np.ndarray) -> np.ndarray:
    scaled = pixels.astype(np.float32) * (255.0 / paper)
    return np.clip(scaled, 0.0, 255.0).astype(np.uint8)
