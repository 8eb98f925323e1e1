"""`make bench`: throughput ratios against the raw tools, and peak memory.

Figures that matter are ratios measured in the same run on the same pages (our OCR
path vs plain `tesseract` with the same parallelism and DPI), because absolute
timings on a shared 2-core machine are noisy. Results go to
benchmarks/results.json; nothing here fails a build on a slow timing.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
WORK = ROOT / "benchmarks" / "work"

BORN_DIGITAL_PAGES = int(os.environ.get("BENCH_TEXT_PAGES", "600"))
RUN_PAGES = int(os.environ.get("BENCH_RUN_PAGES", "1000"))


def _policy_page(i: int) -> str:
    return (
        f"Section {i}. Automated License Plate Reader data retention and access\n"
        "ALPR data shall be retained for no more than thirty (30) days and then purged,\n"
        "unless it has become evidence in a criminal or civil action. Access to ALPR data\n"
        "is limited to sworn personnel for legitimate law enforcement purposes only.\n"
        "The agency shall not share ALPR data with federal immigration enforcement or\n"
        "with agencies outside the state without a valid court order or warrant.\n"
        "Audit logs of every query shall be kept for two (2) years and reviewed monthly.\n"
    ) * 3


def bench_text_layer(work: Path) -> dict[str, Any]:
    from pipeline.ingest.scan import scan_batch
    from pipeline.samples.layout import make_text_pdf
    from pipeline.text import extract_texts

    batch = work / "text_layer"
    batch.mkdir(parents=True, exist_ok=True)
    per_file = 50
    for n in range(BORN_DIGITAL_PAGES // per_file):
        # Distinct content per file: identical bytes would be deduplicated by ingest.
        pages = [f"Policy {n}, page {i}\n" + _policy_page(i) for i in range(per_file)]
        make_text_pdf(batch / f"policy_{n:03d}.pdf", pages)
    ingest = scan_batch(batch, work, work / "blobs")
    start = time.perf_counter()
    docs = list(extract_texts(ingest.files, workers=os.cpu_count() or 1))
    elapsed = time.perf_counter() - start
    pages = sum(len(d.pages) for d in docs)
    return {
        "pages": pages,
        "seconds": round(elapsed, 3),
        "pages_per_s": round(pages / elapsed, 1),
        "goal_pages_per_s": 300,
    }


OCR_DPI = 300
OCR_SIDES = ("pipeline", "cli_png", "cli_bmp")
OCR_INCLUDES = {
    "pipeline": (
        "extract_texts on an image-only scanned PDF (its modules already imported in "
        "the bench process): page count and planning (text layer checks), spawning "
        "the OCR worker processes and their imports, rendering "
        "each page with pdfium at the dpi, writing it for tesseract, tesseract "
        "(--psm 3 --dpi, TSV output for word confidences and boxes), any clean-up and "
        "rotation steps of the OCR path, collecting results, shutting the pool down"
    ),
    "cli": (
        "plain `tesseract IMAGE stdout --psm 3 --dpi` (text output), one process per "
        "page, as many at a time as the pipeline has workers, OMP_THREAD_LIMIT=1 on "
        "both sides; the pages were rendered beforehand from the same PDF at the same "
        "dpi (grey, pdfium) and rendering is not counted"
    ),
    "cli_png": "the CLI reading PNG files: the headline comparison, as before",
    "cli_bmp": (
        "the CLI reading BMP files, the format the pipeline hands tesseract, so the CLI "
        "does not decode PNG either: the strict comparison"
    ),
    "seconds": (
        "every run is listed; ratios use each side's best run; cpu is user+sys of the "
        "bench process and its children (workers, tesseract), which other load on the "
        "machine disturbs less than wall time"
    ),
    "fits": (
        "seconds = fixed + per_page * pages through the best runs of the smallest and "
        "largest page counts; the pipeline's fixed part is start-up (worker processes, "
        "planning, shutdown). Wall fits are only meaningful on a quiet machine"
    ),
}


def _page_counts(raw: str) -> list[int]:
    counts = sorted({int(part) for part in raw.split(",") if part.strip()})
    if not counts or counts[0] < 1:
        raise ValueError(f"BENCH_OCR_PAGES must list page counts >= 1, got {raw!r}")
    return counts


def _cpu_seconds() -> float:
    """CPU of this process plus its reaped children (OCR workers, tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _first_pages(source: Path, target: Path, count: int) -> None:
    """The first `count` pages of `source` as their own PDF, so every page count is
    measured on the same pages."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, list(range(count)))
        target.parent.mkdir(parents=True, exist_ok=True)
        out.save(str(target))
    finally:
        out.close()
        src.close()


def _render_images(pdf: Path, out: Path, dpi: int) -> dict[str, list[Path]]:
    """Every page rendered once at `dpi` in grey, saved as PNG and as BMP."""
    import pypdfium2 as pdfium

    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {"png": [], "bmp": []}
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
            for fmt, paths in files.items():
                path = out / f"page_{i:03d}.{fmt}"
                image.save(path, dpi=(dpi, dpi))
                paths.append(path)
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return files


def _tesseract_cli(images: list[Path], workers: int, dpi: int) -> tuple[float, float]:
    """Wall and CPU seconds of plain tesseract over the images, `workers` at a time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> None:
        subprocess.run(
            ["tesseract", str(image), "stdout", "--psm", "3", "--dpi", str(dpi)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    cpu, start = _cpu_seconds(), time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - start, _cpu_seconds() - cpu


def _pipeline_ocr(
    extract_texts: Callable[..., Any], files: list[Any], workers: int
) -> tuple[float, float, int]:
    """Wall and CPU seconds of `extract_texts` over the files, and its OCR'd pages."""
    cpu, start = _cpu_seconds(), time.perf_counter()
    docs = list(extract_texts(files, workers=workers))
    elapsed = time.perf_counter() - start
    return elapsed, _cpu_seconds() - cpu, sum(d.ocr_pages for d in docs)


def _hold(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _workers_ready_seconds(workers: int) -> float | None:
    """Wall seconds until `workers` fresh OCR processes can all take a page (spawn,
    imports, `init_worker`, as the pool starts them); None when one process took two
    of the probes, so not every start was seen."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.text.worker import init_worker

    hold = 0.5
    start = time.perf_counter()
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(None,),
    ) as pool:
        pids = list(pool.map(_hold, [hold] * workers))
        elapsed = time.perf_counter() - start - hold
    return round(elapsed, 3) if len(set(pids)) == workers else None


def _line_fit(points: dict[int, float]) -> dict[str, float] | None:
    """Fixed seconds and seconds per page through the smallest and largest page
    counts; None with a single page count."""
    low, high = min(points), max(points)
    if low == high:
        return None
    per_page = (points[high] - points[low]) / (high - low)
    return {"fixed": round(points[low] - per_page * low, 2), "per_page": round(per_page, 3)}


def _ocr_runs(
    files: list[Any], images: dict[str, list[Path]], count: int, workers: int, rounds: int
) -> tuple[dict[str, list[tuple[float, float]]], int]:
    """(wall, cpu) of every run per side; the order of the sides alternates by round."""
    # Imported before timing: the parent's own imports are paid once per process,
    # not per batch (the workers' imports are timed, every run starts new workers).
    from pipeline.text import extract_texts

    runs: dict[str, list[tuple[float, float]]] = {side: [] for side in OCR_SIDES}
    ocr_pages = 0
    for n in range(rounds):
        for side in OCR_SIDES if n % 2 == 0 else reversed(OCR_SIDES):
            if side == "pipeline":
                wall, cpu, ocr_pages = _pipeline_ocr(extract_texts, files, workers)
            else:
                fmt = side.removeprefix("cli_")
                wall, cpu = _tesseract_cli(images[fmt][:count], workers, OCR_DPI)
            runs[side].append((wall, cpu))
    return runs, ocr_pages


def bench_ocr(work: Path) -> dict[str, Any]:
    """Our OCR path against plain tesseract on the same pages, dpi and parallelism.

    Page counts (BENCH_OCR_PAGES, default "8,24") are the first pages of one
    generated scan, so the larger count shows the start-up cost apart from the cost
    per page. Each is run BENCH_OCR_ROUNDS times (default 2), alternating which side
    goes first, since other load on a shared machine comes and goes.
    """
    from pipeline.ingest.scan import scan_batch
    from pipeline.samples.scan import make_scanned_pdf

    counts = _page_counts(os.environ.get("BENCH_OCR_PAGES", "8,24"))
    rounds = max(1, int(os.environ.get("BENCH_OCR_ROUNDS", "2")))
    workers = os.cpu_count() or 1
    load_before = os.getloadavg()
    master = work / "scanned_all.pdf"
    make_scanned_pdf(master, [_policy_page(i) for i in range(counts[-1])])
    images = _render_images(master, work / "ocr_images", OCR_DPI)
    workers_ready = _workers_ready_seconds(workers)

    by_pages: dict[str, Any] = {}
    best_wall: dict[str, dict[int, float]] = {side: {} for side in OCR_SIDES}
    best_cpu: dict[str, dict[int, float]] = {side: {} for side in OCR_SIDES}
    for count in counts:
        batch = work / f"ocr_{count}"
        _first_pages(master, batch / f"scanned_{count}.pdf", count)
        files = scan_batch(batch, work, work / "blobs").files
        runs, ocr_pages = _ocr_runs(files, images, count, workers, rounds)
        row: dict[str, Any] = {"ocr_pages": ocr_pages}
        for side, measured in runs.items():
            best_wall[side][count] = min(wall for wall, _ in measured)
            best_cpu[side][count] = min(cpu for _, cpu in measured)
            row[f"{side}_seconds"] = [round(wall, 2) for wall, _ in measured]
            row[f"{side}_cpu_seconds"] = [round(cpu, 2) for _, cpu in measured]
        for cli in OCR_SIDES[1:]:
            row[f"ratio_over_{cli}"] = round(
                best_wall["pipeline"][count] / best_wall[cli][count], 3
            )
            row[f"ratio_over_{cli}_per_round"] = [
                round(p[0] / c[0], 3) for p, c in zip(runs["pipeline"], runs[cli], strict=True)
            ]
            row[f"cpu_ratio_over_{cli}"] = round(
                best_cpu["pipeline"][count] / best_cpu[cli][count], 3
            )
        by_pages[str(count)] = row

    wall_fits = {side: _line_fit(best_wall[side]) for side in OCR_SIDES}
    cpu_fits = {side: _line_fit(best_cpu[side]) for side in OCR_SIDES}
    # The headline is the largest page count: the goal is the OCR path's throughput,
    # and a scanned packet is tens of pages. The smallest count, listed beside it,
    # shows what the fixed start-up (worker processes) adds to a short batch.
    big = counts[-1]
    headline = by_pages[str(big)]
    result: dict[str, Any] = {
        "pages": big,
        "ocr_pages": headline["ocr_pages"],
        "workers": workers,
        "dpi": OCR_DPI,
        "rounds": rounds,
        "pipeline_seconds": round(best_wall["pipeline"][big], 2),
        "tesseract_cli_seconds": round(best_wall["cli_png"][big], 2),
        "ratio_pipeline_over_cli": headline["ratio_over_cli_png"],
        "goal_ratio": 1.10,
        "ratio_by_pages": {c: row["ratio_over_cli_png"] for c, row in by_pages.items()},
        "strict_ratio_by_pages": {c: row["ratio_over_cli_bmp"] for c, row in by_pages.items()},
        "cpu_ratio_by_pages": {c: row["cpu_ratio_over_cli_png"] for c, row in by_pages.items()},
        "startup_seconds": {
            "workers_ready_wall": workers_ready,
            "pipeline_fixed_wall_fit": (wall_fits["pipeline"] or {}).get("fixed"),
            "pipeline_fixed_cpu_fit": (cpu_fits["pipeline"] or {}).get("fixed"),
        },
        "wall_fits": wall_fits,
        "cpu_fits": cpu_fits,
        "by_pages": by_pages,
        "load_average_before": [round(x, 2) for x in load_before],
        "includes": OCR_INCLUDES,
    }
    pipe_fit = cpu_fits["pipeline"]
    for cli in OCR_SIDES[1:]:
        cli_fit = cpu_fits[cli]
        if pipe_fit is not None and cli_fit is not None and cli_fit["per_page"] > 0:
            result[f"per_page_cpu_ratio_over_{cli}"] = round(
                pipe_fit["per_page"] / cli_fit["per_page"], 3
            )
    return result


def bench_run_memory(work: Path) -> dict[str, Any]:
    from pipeline.samples.generate import generate_bench_batch

    batch = work / "raw" / "bench"
    if not batch.exists():
        generate_bench_batch(batch, pages=RUN_PAGES, scanned_share=0.10)
    warehouse = work / "bench.duckdb"
    warehouse.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(ROOT),
        "FOIA_DAGSTER_STATE": str(work / "dagster_state"),
    }
    start = time.perf_counter()
    proc = subprocess.run(
        [
            str(Path(sys.executable).parent / "foia"),
            "run",
            str(batch),
            "--warehouse",
            str(warehouse),
            "--quiet",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "pages": RUN_PAGES,
        "scanned_share": 0.10,
        "exit_code": proc.returncode,
        "seconds": round(elapsed, 1),
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "goal_peak_rss_mb": 1024,
        "stderr_tail": proc.stderr[-500:] if proc.returncode else "",
    }


def bench_extraction(work: Path) -> dict[str, Any]:
    """Words per second through the whole extraction (spaCy pipeline + classification),
    on one core: extraction runs in the run's main process."""
    from pipeline.extract.document import extract_documents
    from pipeline.extract.nlp import load_nlp
    from pipeline.records import DocumentText, PageText, SourceFile

    docs = []
    for d in range(40):
        source = SourceFile(f"{d:064x}", "pdf", "application/pdf", 0, (f"b/policy_{d}.pdf",), "")
        pages = [
            PageText(source.doc_id, i + 1, "text_layer", _policy_page(i), "layer_ok")
            for i in range(10)
        ]
        docs.append(DocumentText(source, pages))
    words = sum(len(p.text.split()) for d in docs for p in d.pages)
    nlp = load_nlp()
    extract_documents(docs[:1], nlp)  # warm-up: model load and caches
    wall, cpu = time.perf_counter(), time.process_time()
    extract_documents(docs, nlp)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    texts = [p.text for d in docs for p in d.pages]
    spacy_cpu = time.process_time()
    for _ in nlp.pipe(texts, batch_size=50):
        pass
    spacy_cpu = time.process_time() - spacy_cpu
    return {
        "documents": len(docs),
        "words": words,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "words_per_s_wall": round(words / wall),
        "words_per_s_cpu": round(words / cpu),
        "spacy_pipeline_words_per_s_cpu": round(words / spacy_cpu),
        "goal_words_per_s": 30000,
    }


def bench_audit_pdf(work: Path) -> dict[str, Any]:
    from pipeline.extract.audit_bench import bench_audit_pdf as run

    result = run(pages=int(os.environ.get("BENCH_AUDIT_PAGES", "800")))
    return {**result, "goal_seconds": 30}


def bench_audit_csv(work: Path) -> dict[str, Any]:
    from pipeline.extract.audit_bench import bench_audit_csv as run

    result = run(rows=int(os.environ.get("BENCH_AUDIT_ROWS", "1000000")))
    return {**result, "goal_seconds": 20}


INCREMENTAL_DOCS = int(os.environ.get("BENCH_INCREMENTAL_DOCS", "1000"))


def _timed_run(ref: Any, warehouse: Path, instance: Any) -> dict[str, Any]:
    """One in-process run: wall time of run_batch and the run's step durations."""
    from pipeline.runner import run_batch

    start = time.perf_counter()
    outcome = run_batch(ref, warehouse, workers=os.cpu_count() or 1, instance=instance)
    wall = time.perf_counter() - start
    steps = {
        s.step_key: round(s.end_time - s.start_time, 3)
        for s in instance.get_run_step_stats(outcome.run_id)
        if s.end_time is not None and s.start_time is not None
    }
    return {
        "success": outcome.success,
        "wall_s": round(wall, 2),
        "steps_s": round(sum(steps.values()), 2),
        "per_step_s": steps,
        "documents_new": outcome.metadata.get("documents_new"),
        "pages_new": outcome.metadata.get("pages_new"),
    }


def bench_incremental(work: Path) -> dict[str, Any]:
    """Re-runs of a 1,000-document batch: no-op, one new file, extractor upgrade.

    Runs go through `run_batch` (the same Dagster assets as `foia run`) on the
    project's dagster.yaml, with instance state in a scratch folder. "Pipeline time"
    is the sum of the run's step durations as Dagster records them; wall_s adds the
    run's own bookkeeping (creating the run, storing its events).
    """
    import numpy as np

    import pipeline.extract.version as version
    from pipeline.instance import configure_dagster_home
    from pipeline.runner import BatchRef
    from pipeline.samples.bench import _document_pages
    from pipeline.samples.layout import make_text_pdf

    os.environ["DAGSTER_HOME"] = str(ROOT)
    os.environ["FOIA_DAGSTER_STATE"] = os.environ["FOIA_DAGSTER_STATE_DB"] = str(work / "dg")
    configure_dagster_home()
    import dagster as dg

    rng = np.random.default_rng(11)
    batch = work / "raw" / "thousand"
    for n in range(INCREMENTAL_DOCS + 1):
        pages, agency = _document_pages(rng, n, 1)
        target = batch / f"d{n // 100:02d}" / f"memo_{n:05d}.pdf"
        if n == INCREMENTAL_DOCS:  # held back: the file that arrives later
            target = work / "late.pdf"
        make_text_pdf(target, pages, title=f"{agency} memo {n}")
    ref = BatchRef(work / "raw", "thousand")
    warehouse = work / "incremental.duckdb"
    instance = dg.DagsterInstance.get()
    result: dict[str, Any] = {"documents": INCREMENTAL_DOCS, "goal_noop_pipeline_s": 3.0}
    result["first_run"] = _timed_run(ref, warehouse, instance)
    noops = [_timed_run(ref, warehouse, instance) for _ in range(3)]
    result["noop"] = min(noops, key=lambda r: r["steps_s"])
    result["noop_all_steps_s"] = [r["steps_s"] for r in noops]
    result["noop_all_wall_s"] = [r["wall_s"] for r in noops]
    (work / "late.pdf").rename(batch / "late.pdf")
    result["one_new_file"] = _timed_run(ref, warehouse, instance)
    real = version.extractor_version
    version.extractor_version = lambda: "bench-upgrade"  # type: ignore[assignment]
    try:
        result["extractor_upgrade"] = _timed_run(ref, warehouse, instance)
    finally:
        version.extractor_version = real  # type: ignore[assignment]
    result["noop_meets_goal"] = result["noop"]["steps_s"] <= 3.0
    return result


def bench_warehouse_load(work: Path) -> dict[str, Any]:
    """Rows per second into DuckDB through the real loader (dicts -> Arrow -> INSERT)."""
    from datetime import datetime, timedelta

    from pipeline.records import DocumentText, Extraction, PageText, SourceFile
    from pipeline.warehouse.connection import open_writer
    from pipeline.warehouse.load import BatchLoad, load_batch

    docs, pages_per_doc, audit_rows = 1000, 20, 200_000
    text = _policy_page(0)[:1800]
    texts, extractions = [], []
    for d in range(docs):
        doc_id = f"{d:064x}"
        source = SourceFile(doc_id, "pdf", "application/pdf", 1, (f"b/{d}.pdf",), "")
        texts.append(
            DocumentText(
                source,
                [
                    PageText(doc_id, p, "text_layer", text, "layer_ok")
                    for p in range(1, pages_per_doc + 1)
                ],
            )
        )
        extractions.append(Extraction(doc_id, doc_type="policy"))
    at = datetime(2024, 1, 1)
    extractions[0].facts["audit_searches"] = [
        {
            "row_no": i,
            "org_name": f"Agency {i % 300}",
            "searched_at": at + timedelta(minutes=i),
            "reason": "investigation" if i % 50 else "ICE assist",
            "networks": i % 7,
            "devices": i % 900,
            "search_type": "plate",
            "immigration": i % 50 == 0,
        }
        for i in range(audit_rows)
    ]
    load = BatchLoad(
        batch="b",
        run_id="bench",
        started_at=at,
        sources=[t.source for t in texts],
        texts=texts,
        extractions=extractions,
        failures=[],
        text_engine_version="bench",
        extractor_version="bench",
    )
    db = work / "load.duckdb"
    with open_writer(db) as con:
        start = time.perf_counter()
        load_batch(con, load)
        elapsed = time.perf_counter() - start
    page_rows = docs * pages_per_doc
    return {
        "page_rows": page_rows,
        "page_text_chars": len(text),
        "audit_rows": audit_rows,
        "seconds": round(elapsed, 2),
        "rows_per_s": round((page_rows + audit_rows + docs) / elapsed),
        "file_mb": round(db.stat().st_size / 2**20, 1),
        "note": "one load_batch call: pages and audit rows in one transaction",
    }


SECTIONS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "text_layer": bench_text_layer,
    "ocr": bench_ocr,
    "extraction": bench_extraction,
    "audit_pdf": bench_audit_pdf,
    "audit_csv": bench_audit_csv,
    "run_memory": bench_run_memory,
    "incremental": bench_incremental,
    "warehouse_load": bench_warehouse_load,
}


def main(argv: list[str]) -> int:
    wanted = argv or list(SECTIONS)
    if shutil.which("tesseract") is None:
        print("tesseract is not installed: run `make setup` first", file=sys.stderr)
        return 2
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results: dict[str, Any] = {
        **previous,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    WORK.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        print(f"== {name}", flush=True)
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            work = WORK / "raw_keep" if name == "run_memory" else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            try:
                results[name] = SECTIONS[name](work)
            except Exception as exc:  # a broken section is recorded, the others still run
                results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(results[name], indent=2), flush=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
