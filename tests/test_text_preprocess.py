"""Clean-up decisions before OCR (skew, shaded paper), measured on generated page
images; no tesseract here, so these run in well under a second each."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.samples.scan import ScanLook, scan_page_image
from pipeline.text.preprocess import NONE, PagePlan, apply_plan, flatten_background, plan_page

PAGE = "\n".join(
    [
        "## Automated License Plate Reader Policy",
        "",
        "ALPR data shall be retained for thirty (30) days and then purged unless it is "
        "evidence in a criminal matter. Access is limited to sworn personnel.",
        "",
        "Members shall not share ALPR data with federal immigration enforcement agencies. "
        "Audit logs of ALPR queries shall be kept for two (2) years.",
        "",
        "Hot lists shall be refreshed at least once every twenty-four (24) hours from NCIC "
        "and the state crime information center.",
        "",
        "Requests from the public for ALPR records shall be processed under the state "
        "public records law. Misuse of ALPR data may result in discipline.",
    ]
)


def scan(
    skew: float = 0.0, noise: float = 6.0, speckle: float = 0.0008, shade: float = 0.0
) -> Image.Image:
    """A 200 dpi scan of PAGE, upscaled to 300 dpi like a rendered PDF page."""
    look = ScanLook(skew_deg=skew, noise=noise, speckle=speckle, shade=shade)
    image = scan_page_image(PAGE, look=look, seed=3)
    return image.resize((image.width * 3 // 2, image.height * 3 // 2))


@pytest.mark.parametrize("skew", [-4.0, -1.5, 2.5, 7.0])
def test_skew_is_measured_and_planned(skew: float) -> None:
    plan = plan_page(scan(skew))
    assert plan.skew_deg == pytest.approx(skew, abs=0.1)
    assert plan.preprocess == NONE


@pytest.mark.parametrize("skew", [0.3, -0.8])
def test_small_skew_is_left_alone_unless_asked(skew: float) -> None:
    assert plan_page(scan(skew)).skew_deg == 0.0  # tesseract reads it as well (preprocess.py)
    assert plan_page(scan(skew), min_deskew_deg=0.2).skew_deg == pytest.approx(skew, abs=0.1)


def test_deskew_can_be_switched_off() -> None:
    assert plan_page(scan(3.0), deskew=False) == PagePlan()


def test_pages_without_text_lines_are_not_deskewed() -> None:
    sideways = scan(2.0).rotate(90, expand=True)  # lines run down the page
    assert plan_page(sideways).skew_deg == 0.0
    blank = Image.new("L", (1700, 2200), 245)
    assert plan_page(blank) == PagePlan()


def test_deskewed_image_is_upright_and_keeps_its_size() -> None:
    image = scan(3.0)
    upright = apply_plan(image, plan_page(image))
    assert upright.size == image.size
    assert plan_page(upright, min_deskew_deg=0.1).skew_deg == 0.0
    assert apply_plan(image, PagePlan()) is image


def test_shaded_page_is_flattened_and_clean_pages_are_not() -> None:
    assert plan_page(scan(shade=0.55)).flatten
    assert plan_page(scan(shade=0.55)).preprocess == "flatten_background"
    assert not plan_page(scan()).flatten
    assert not plan_page(scan(noise=25.0, speckle=0.01)).flatten
    assert not plan_page(scan(shade=0.55), flatten_shaded=False).flatten


def test_a_redaction_bar_does_not_count_as_shading() -> None:
    image = scan()
    ImageDraw.Draw(image).rectangle((300, 900, 2200, 1150), fill=0)  # ~6% of the page
    assert not plan_page(image).flatten


def test_flattening_evens_the_paper_and_keeps_the_ink() -> None:
    shaded = scan(shade=0.55)
    flat = np.asarray(flatten_background(shaded), dtype=np.float32)
    before = np.asarray(shaded, dtype=np.float32)
    width = before.shape[1]
    left, right = slice(0, width // 6), slice(width - width // 6, width)

    def paper(pixels: np.ndarray, cols: slice) -> float:
        return float(np.percentile(pixels[:, cols], 90))

    assert paper(before, left) - paper(before, right) > 60
    assert abs(paper(flat, left) - paper(flat, right)) < 12
    ink = before < 60  # text strokes on the bright side
    assert float(flat[ink].mean()) < 100
