"""Synthetic FOIA releases made by the project itself: the demo batch and test fixtures.

`generate_sample_batch` writes a small batch of every kind of record the pipeline
meets (digital, scanned and mixed PDFs, images, DOCX, e-mail, text, CSV/XLSX audit
logs, a zip, a broken file) with its expected facts; the building blocks below let
tests make one-off fixtures in the same way.
"""

from pipeline.samples.bench import generate_bench_batch
from pipeline.samples.generate import (
    GENERATOR_VERSION,
    SampleError,
    generate_sample_batch,
    sample_batch_complete,
)
from pipeline.samples.layout import (
    TIMES,
    LayoutError,
    TextStyle,
    collapse_ws,
    make_text_pdf,
    pdf_page_texts,
    plain_text,
    render_text_pdf,
)
from pipeline.samples.manifest import SampleFile, SampleManifest, expected_path
from pipeline.samples.scan import (
    ScanLook,
    degrade_image,
    make_mixed_pdf,
    make_scanned_pdf,
    mixed_pdf_bytes,
    render_page_image,
    save_scanned_image,
    scan_page_image,
    scanned_pdf_bytes,
)

__all__ = [
    "GENERATOR_VERSION",
    "TIMES",
    "LayoutError",
    "SampleError",
    "SampleFile",
    "SampleManifest",
    "ScanLook",
    "TextStyle",
    "collapse_ws",
    "degrade_image",
    "expected_path",
    "generate_bench_batch",
    "generate_sample_batch",
    "make_mixed_pdf",
    "make_scanned_pdf",
    "make_text_pdf",
    "mixed_pdf_bytes",
    "pdf_page_texts",
    "plain_text",
    "render_page_image",
    "render_text_pdf",
    "sample_batch_complete",
    "save_scanned_image",
    "scan_page_image",
    "scanned_pdf_bytes",
]
