"""Does image clean-up before OCR pay? The measurements behind preprocess.py and the
small-print rule in ocr.py, on pages made by pipeline.samples (so the words are known).

Word recall: share of the drawn words (multiset, case-folded) found in the OCR text.
CPU seconds include tesseract (child processes). Run one section at a time, e.g.
``python -m benchmarks.ocr_input skew``; sections: skew, clean-up, small-print.
Nothing here is part of `make bench`: it takes minutes and answers design questions.
"""

from __future__ import annotations

import io
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from pipeline.samples.bench import _page
from pipeline.samples.layout import TextStyle, plain_text
from pipeline.samples.scan import ScanLook, scan_page_image, scanned_pdf_bytes
from pipeline.text.ocr import OcrJob, run_ocr_job
from pipeline.text.preprocess import flatten_background, otsu_threshold
from pipeline.text.settings import TextSettings

_TOKEN = re.compile(r"[A-Za-z0-9]+")
PLAIN = TextSettings(deskew=False, flatten_shaded=False, small_print_px=0.0)


def sample_pages(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [_page(rng, "Ashgrove Police Department", "GA", 7, n) for n in range(1, count + 1)]


def recall(truth: str, text: str) -> float:
    want = Counter(w.lower() for w in _TOKEN.findall(truth))
    got = Counter(w.lower() for w in _TOKEN.findall(text))
    return sum((want & got).values()) / max(1, sum(want.values()))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def ocr_pdf(data: bytes, settings: TextSettings, work: Path) -> tuple[str, float, int | None, str]:
    """Text, CPU seconds, dpi and clean-up of page 1 through the pipeline's worker."""
    path = work / "page.pdf"
    path.write_bytes(data)
    start = _cpu()
    result = run_ocr_job(OcrJob("bench", 1, str(path), "pdf_page", 0, settings))
    return result.text, _cpu() - start, result.dpi, result.preprocess


def _row(label: str, values: Sequence[str]) -> None:
    sys.stdout.write(f"{label:<14}" + "".join(f" {v:>15}" for v in values) + "\n")
    sys.stdout.flush()


def _fmt(values: Iterable[float], digits: int) -> list[str]:
    return [f"{v:.{digits}f}" for v in values]


def skew_section(work: Path, pages: int = 4) -> None:
    """Recall and CPU as is, always deskewed, and under the pipeline's rule."""
    texts = sample_pages(pages, seed=5)
    always = replace(PLAIN, deskew=True, min_deskew_deg=0.1)
    rule = replace(PLAIN, deskew=True, min_deskew_deg=TextSettings().min_deskew_deg)
    _row("skew deg", ["as is", "deskewed", "rule", "cpu as is", "cpu deskewed"])
    for skew in (-5.0, -2.0, -1.75, -1.5, -1.0, -0.6, 0.3, 0.6, 1.0, 1.5, 2.0, 3.0):
        sums = np.zeros(5)
        for n, page in enumerate(texts):
            data = scanned_pdf_bytes([page], skew, seed=n)
            plain, cpu_plain, _, _ = ocr_pdf(data, PLAIN, work)
            fixed, cpu_fixed, _, _ = ocr_pdf(data, always, work)
            ruled, _, _, _ = ocr_pdf(data, rule, work)
            truth = plain_text(page)
            sums += (
                recall(truth, plain),
                recall(truth, fixed),
                recall(truth, ruled),
                cpu_plain,
                cpu_fixed,
            )
        mean = sums / pages
        _row(f"{skew:+.2f}", [*_fmt(mean[:3], 4), *_fmt(mean[3:], 2)])


def _pdf_of(image: Image.Image, dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=float(dpi), quality=50)
    return buf.getvalue()


def _low_contrast(image: Image.Image) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32) * 0.3 + 150.0
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "L")


def _otsu(image: Image.Image) -> Image.Image:
    pixels = np.asarray(image)
    return Image.fromarray(np.where(pixels < otsu_threshold(pixels), 0, 255).astype(np.uint8))


KINDS: dict[str, tuple[ScanLook, Callable[[Image.Image], Image.Image]]] = {
    "clean": (ScanLook(skew_deg=0.0), lambda im: im),
    "heavy noise": (ScanLook(skew_deg=0.0, noise=25.0, speckle=0.01), lambda im: im),
    "blurred": (ScanLook(skew_deg=0.0, blur=1.4, noise=10.0), lambda im: im),
    "low contrast": (ScanLook(skew_deg=0.0, noise=8.0), _low_contrast),
    "shaded": (ScanLook(skew_deg=0.0, noise=8.0, shade=0.55), lambda im: im),
}
# Clean-up applied to the image, and tesseract options (Sauvola is tesseract's own
# adaptive threshold).
CLEANUPS: dict[str, tuple[Callable[[Image.Image], Image.Image], str]] = {
    "none": (lambda im: im, ""),
    "median 3x3": (lambda im: im.filter(ImageFilter.MedianFilter(3)), ""),
    "otsu": (_otsu, ""),
    "sauvola": (lambda im: im, "-c thresholding_method=2"),
    "flatten": (flatten_background, ""),
}


def cleanup_section(work: Path, pages: int = 3) -> None:
    """Recall by page kind and clean-up (applied to the 300 dpi render, as in ocr.py),
    then what the pipeline's rule chose for that kind."""
    import pytesseract

    from pipeline.samples.scan import render_page_image
    from pipeline.text.tesseract_text import tsv_to_text

    texts = sample_pages(pages, seed=9)
    _row("page", [*CLEANUPS, "pipeline", "rule chose"])
    for kind, (look, spoil) in KINDS.items():
        sums = np.zeros(len(CLEANUPS) + 1)
        chosen: set[str] = set()
        for n, page in enumerate(texts):
            data = _pdf_of(spoil(scan_page_image(page, look=look, seed=(n, 3))))
            image = render_page_image(data, 0, 300)
            truth = plain_text(page)
            for i, (clean, options) in enumerate(CLEANUPS.values()):
                path = work / "page.bmp"
                clean(image).save(path)
                tsv = pytesseract.image_to_data(str(path), config=f"--psm 3 --dpi 300 {options}")
                sums[i] += recall(truth, tsv_to_text(str(tsv)).text)
            text, _, _, preprocess = ocr_pdf(data, replace(PLAIN, flatten_shaded=True), work)
            sums[-1] += recall(truth, text)
            chosen.add(preprocess)
        _row(kind, [*_fmt(sums / pages, 4), ",".join(sorted(chosen))])


def small_print_section(work: Path, pages: int = 2) -> None:
    """Recall and dpi of small print, scanned at 200 and 400 dpi, without and with
    the small-print rule."""
    _row("size / scan", ["300 dpi", "rule", "rule dpi", "cpu 300", "cpu rule"])
    for size in (5.0, 6.0, 8.0):
        style = TextStyle(size=size, leading=size * 1.25)
        for scan_dpi in (200, 400):
            sums = np.zeros(4)
            dpis = []
            for n in range(pages):
                page = "\n".join(sample_pages(3, seed=20 + n))
                look = ScanLook(dpi=scan_dpi, skew_deg=0.0)
                data = scanned_pdf_bytes([page], 0.0, look=look, style=style, seed=n)
                truth = plain_text(page)
                plain, cpu_plain, _, _ = ocr_pdf(data, PLAIN, work)
                ruled, cpu_rule, dpi, _ = ocr_pdf(data, replace(PLAIN, small_print_px=18.0), work)
                sums += (recall(truth, plain), recall(truth, ruled), cpu_plain, cpu_rule)
                dpis.append(str(dpi))
            mean = sums / pages
            _row(
                f"{size:g} pt / {scan_dpi}",
                [*_fmt(mean[:2], 4), "/".join(dpis), *_fmt(mean[2:], 2)],
            )


SECTIONS = {"skew": skew_section, "clean-up": cleanup_section, "small-print": small_print_section}


def main(argv: Sequence[str]) -> int:
    names = list(argv) or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        sys.stderr.write(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}\n")
        return 2
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            sys.stdout.write(f"== {name}\n")
            started = time.perf_counter()
            SECTIONS[name](Path(tmp))
            sys.stdout.write(f"({time.perf_counter() - started:.0f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
