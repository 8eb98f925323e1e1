"""What an OCR worker loads at start-up, and the image file it hands tesseract.

Worker start-up is the fixed cost of every OCR batch (benchmarks/run.py, `ocr`):
the planner's imports in the package `__init__` cost each worker ~0.15 s of CPU,
and numpy must load after the thread limits are set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from pipeline.text.ocr import _temp_image
from pipeline.text.settings import TextSettings

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, os, sys
import pipeline.text.worker as worker
before = "numpy" in sys.modules
worker.init_worker(None)
print(json.dumps({
    "numpy_before_init": before,
    "numpy_after_init": "numpy" in sys.modules,
    "ocr_loaded": "pipeline.text.ocr" in sys.modules,
    "planner_modules": sorted(
        m for m in ("pipeline.text.plan", "pipeline.text.batch", "pipeline.text.quality",
                    "docx", "openpyxl", "pdfplumber") if m in sys.modules
    ),
    "omp": os.environ.get("OMP_THREAD_LIMIT"),
    "openblas": os.environ.get("OPENBLAS_NUM_THREADS"),
}))
"""


def _probe_worker_start(env_extra: dict[str, str]) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(env_extra)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_a_worker_loads_the_ocr_code_but_not_the_planner() -> None:
    seen = _probe_worker_start({})
    assert seen["ocr_loaded"] is True
    assert seen["planner_modules"] == []


def test_thread_limits_are_set_before_numpy_loads() -> None:
    seen = _probe_worker_start({})
    assert seen["numpy_before_init"] is False
    assert seen["numpy_after_init"] is True
    assert (seen["omp"], seen["openblas"]) == ("1", "1")


def test_a_thread_setting_of_the_caller_is_kept_for_numpy() -> None:
    seen = _probe_worker_start({"OPENBLAS_NUM_THREADS": "2"})
    assert seen["openblas"] == "2"


def test_the_page_file_for_tesseract_keeps_every_pixel_and_is_removed(tmp_path: Path) -> None:
    image = Image.linear_gradient("L").resize((301, 257))  # rows padded to 4 bytes in BMP
    with (
        _temp_image(image, TextSettings(tmp_dir=str(tmp_path))) as path,
        Image.open(path) as written,
    ):
        assert written.size == image.size
        assert written.convert("L").tobytes() == image.tobytes()
    assert list(tmp_path.iterdir()) == []
