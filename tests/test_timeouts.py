"""Per-page and per-file time limits, with faults injected into the OCR workers.

The fault hooks below run inside the spawned OCR workers (TextSettings.fault_hook):
one makes a page hang far past any limit, one kills its worker, one makes every
page slow. Real tesseract reads the pages that are not sabotaged.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.records import DocumentText, SourceFile
from pipeline.text import TextSettings, extract_texts
from tests.hostile_files import multi_frame_tiff, words_image
from tests.run_helpers import Workspace


def hang_on_first_page(doc_id: str, page_no: int) -> None:
    if doc_id == "frames" and page_no == 1:
        time.sleep(600)


def die_on_first_page(doc_id: str, page_no: int) -> None:
    if doc_id == "frames" and page_no == 1:
        os._exit(3)


def slow_pages(doc_id: str, page_no: int) -> None:
    time.sleep(1.5)


def _source(path: Path, doc_id: str) -> SourceFile:
    return SourceFile(
        doc_id, "image", "image/tiff", path.stat().st_size, (f"batch/{path.name}",), str(path)
    )


@pytest.fixture
def two_documents(tmp_path: Path) -> list[SourceFile]:
    frames = tmp_path / "frames.tiff"
    frames.write_bytes(multi_frame_tiff(["HUNG FRAME", "SECOND FRAME CAMERA"]))
    other = tmp_path / "other.png"
    words_image("OTHER DOCUMENT HOTLIST").save(other)
    return [_source(frames, "frames"), _source(other, "other")]


def _run(
    sources: list[SourceFile], settings: TextSettings, workers: int = 2
) -> dict[str, DocumentText]:
    return {d.source.doc_id: d for d in extract_texts(sources, workers=workers, settings=settings)}


def _flat(doc: DocumentText, page_no: int) -> str:
    return " ".join(doc.pages[page_no - 1].text.split()).upper()


def test_a_hung_page_has_its_worker_killed_and_is_recorded(
    two_documents: list[SourceFile],
) -> None:
    settings = TextSettings(ocr_timeout_s=2.0, hang_grace_s=1.0, fault_hook=hang_on_first_page)
    started = time.monotonic()
    docs = _run(two_documents, settings)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"the hung page held the batch for {elapsed:.0f} s"
    frames = docs["frames"]
    assert frames.status == "partial"
    assert [(p.page_no, p.method) for p in frames.pages] == [(1, "none"), (2, "ocr")]
    [failure] = frames.failures
    assert (failure.stage, failure.error_class, failure.page_no) == ("text", "OcrTimeout", 1)
    assert "killed" in failure.message and "3 s" in failure.message
    assert "SECOND FRAME" in _flat(frames, 2)
    # Pages of other documents that the kill took down were read again.
    assert docs["other"].status == "ok"
    assert "HOTLIST" in _flat(docs["other"], 1)


def test_a_worker_that_dies_twice_on_a_page_is_recorded_as_crashed(
    two_documents: list[SourceFile],
) -> None:
    # One worker: the other pages had not started when it died, so only page 1 is blamed.
    docs = _run(two_documents, TextSettings(fault_hook=die_on_first_page), workers=1)
    frames = docs["frames"]
    assert [(f.error_class, f.page_no) for f in frames.failures] == [("WorkerCrashed", 1)]
    assert [p.method for p in frames.pages] == ["none", "ocr"]
    assert docs["other"].status == "ok"


def test_a_file_past_its_time_limit_skips_its_remaining_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.tiff"
    path.write_bytes(multi_frame_tiff([f"FRAME {n}" for n in range(1, 9)]))
    settings = TextSettings(file_timeout_s=2.0, fault_hook=slow_pages)
    [doc] = _run([_source(path, "long")], settings, workers=1).values()
    assert doc.status == "partial"
    assert [p.page_no for p in doc.pages] == list(range(1, 9)), "every page keeps a row"
    read = [p.page_no for p in doc.pages if p.method == "ocr"]
    skipped = [f.page_no for f in doc.failures if f.error_class == "FileTimeout"]
    assert read and read[0] == 1
    assert len(skipped) >= 4
    assert sorted(read + skipped) == list(range(1, 9))
    assert all("2 s time limit" in f.message for f in doc.failures)


@pytest.mark.slow
def test_cli_time_limits_reach_the_text_stage(tmp_path: Path) -> None:
    """`foia run --page-timeout` on a page tesseract cannot finish in time."""
    batch = tmp_path / "raw" / "limits"
    batch.mkdir(parents=True)
    words_image("A PAGE THAT TAKES TOO LONG", size=(2400, 3000)).save(batch / "scan.png")
    (batch / "note.txt").write_text("A plain note that needs no OCR.")
    work = Workspace(tmp_path / "work").create()
    done = work.run(
        "run",
        str(batch),
        "-w",
        str(work.warehouse),
        "-q",
        "--page-timeout",
        "0.1",
        "--file-timeout",
        "600",
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    from pipeline.warehouse.query import run_query

    rows = run_query(work.warehouse, "SELECT path, error_class, page_no FROM failures").rows
    assert rows == [("limits/scan.png", "OcrTimeout", 1)]
    status = run_query(
        work.warehouse,
        "SELECT p.path, d.status FROM documents d JOIN document_paths p USING (doc_id) ORDER BY 1",
    ).rows
    assert status == [("limits/note.txt", "ok"), ("limits/scan.png", "partial")]


def test_pages_submitted_after_a_worker_died_are_still_read(tmp_path: Path) -> None:
    """Submitting to the broken executor raised BrokenProcessPool out of the text
    stage (the whole run failed) when a crash came while later files were planned."""
    from pipeline.text.ocr import OcrJob
    from pipeline.text.pool import OcrPool

    image = tmp_path / "words.png"
    words_image("STILL READ").save(image)
    settings = TextSettings(fault_hook=die_on_first_page)
    pool = OcrPool(1, settings)
    try:
        pool.submit(0, OcrJob("frames", 1, str(image), "image_frame", 0, settings))
        deadline = time.monotonic() + 60
        while not any(f.done() for f in pool._futures):  # wait for the crash
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(0.5)
        pool.submit(1, OcrJob("other", 1, str(image), "image_frame", 0, settings))
        results: dict[int, str | None] = {}
        while pool.pending:
            for key, result in pool.results(block=True):
                results[key] = result.error_class or result.text.strip()
    finally:
        pool.close()
    assert results == {0: "WorkerCrashed", 1: "STILL READ"}
