"""The sample batch generator: determinism, coverage, and that its expected facts hold.

The rest of the test suite and `make demo` trust `<batch>.expected.json`; these tests
check it against the files themselves with independent readers (pypdfium2, tesseract,
csv, openpyxl, python-docx, the e-mail parser, zipfile, libmagic).
"""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

import magic
import openpyxl
import pypdfium2 as pdfium
import pytest
from docx import Document
from typer.testing import CliRunner

from pipeline.samples import (
    ScanLook,
    collapse_ws,
    expected_path,
    generate_bench_batch,
    generate_sample_batch,
    make_mixed_pdf,
    make_scanned_pdf,
    make_text_pdf,
    pdf_page_texts,
    render_page_image,
    sample_batch_complete,
)
from pipeline.samples.__main__ import app
from pipeline.samples.documents import SAMPLE_DOCUMENTS
from pipeline.samples.manifest import (
    ContractTerm,
    DenialItem,
    HotlistItem,
    RetentionItem,
    SampleFile,
    SampleManifest,
    SharingItem,
)

GOLD_KEYS = {
    "file",
    "doc_type",
    "agency",
    "state",
    "vendors",
    "retention",
    "sharing",
    "denials",
    "audit",
    "notes",
}
DOC_TYPES = {"contract", "policy", "minutes", "statement", "foia_response", "audit_log", "other"}
RECIPIENTS = {
    "law_enforcement",
    "federal",
    "immigration",
    "out_of_state",
    "public",
    "private",
    "other",
}
# Written independently of pipeline.samples.audit_export, from shared/LABELS.md.
IMMIGRATION_WORDS = re.compile(r"\b(immigra\w*|ice|ero|hsi|cbp|deport\w*)\b", re.IGNORECASE)


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleManifest]:
    out_dir = tmp_path_factory.mktemp("raw") / "sample"
    manifest = generate_sample_batch(out_dir)
    return out_dir, manifest


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _pdf_entries(manifest: SampleManifest) -> Iterator[SampleFile]:
    return (f for f in manifest.disk_files if f.file_type == "pdf" and not f.expect_failure)


def test_two_generations_are_byte_identical(
    batch: tuple[Path, SampleManifest], tmp_path: Path
) -> None:
    first_dir, first = batch
    second = generate_sample_batch(tmp_path / "sample")
    assert _tree_hashes(first_dir) == _tree_hashes(tmp_path / "sample")
    assert first.to_json() == second.to_json()
    assert expected_path(first_dir).read_bytes() == expected_path(tmp_path / "sample").read_bytes()


def test_manifest_lives_beside_the_batch_and_lists_every_file(
    batch: tuple[Path, SampleManifest],
) -> None:
    out_dir, manifest = batch
    assert expected_path(out_dir) == out_dir.parent / "sample.expected.json"
    assert expected_path(out_dir).is_file()
    assert not list(out_dir.rglob("*.json"))
    on_disk = set(_tree_hashes(out_dir).items())
    listed = {(f.path, f.sha256) for f in manifest.disk_files}
    assert on_disk == listed
    assert sample_batch_complete(out_dir)
    assert SampleManifest.load(expected_path(out_dir)).to_json() == manifest.to_json()


def test_batch_covers_every_file_and_document_type(batch: tuple[Path, SampleManifest]) -> None:
    _, manifest = batch
    assert len(manifest.disk_files) >= 12
    assert {f.file_type for f in manifest.disk_files} >= {
        "pdf",
        "image",
        "csv",
        "xlsx",
        "docx",
        "text",
        "email",
        "zip",
    }
    assert {f.doc_type for f in manifest.documents} == DOC_TYPES
    assert len({Path(f.path).parent for f in manifest.disk_files}) >= 4
    assert sum(f.bytes for f in manifest.disk_files) < 5_000_000
    scanned_pdfs = [
        f for f in manifest.documents if f.file_type == "pdf" and f.born_digital is False
    ]
    assert len(scanned_pdfs) >= 3
    assert [f.path for f in manifest.documents if f.born_digital == "mixed"]
    assert 6 <= sum(len(f.scanned_pages) for f in manifest.documents) <= 10
    states = {f.state for f in manifest.documents}
    assert len(states) >= 5


def test_file_types_match_what_libmagic_sniffs(batch: tuple[Path, SampleManifest]) -> None:
    out_dir, manifest = batch
    expected_mime = {
        "pdf": {"application/pdf"},
        "image": {"image/jpeg", "image/png", "image/tiff"},
        "csv": {"text/csv", "text/plain"},
        "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        "text": {"text/plain"},
        "email": {"message/rfc822"},
        "zip": {"application/zip"},
    }
    for entry in manifest.disk_files:
        mime = magic.from_file(str(out_dir / entry.path), mime=True)
        assert mime in expected_mime[entry.file_type], entry.path


def test_gold_records_follow_the_corpus_format(batch: tuple[Path, SampleManifest]) -> None:
    _, manifest = batch
    for entry in manifest.documents:
        gold = entry.gold()
        assert set(gold) == GOLD_KEYS
        assert gold["doc_type"] in DOC_TYPES
        assert gold["agency"] and re.fullmatch(r"[A-Z]{2}", gold["state"])
        for item in gold["retention"]:
            assert item["applies_to"] in {"alpr_data", "audit_log", "hotlist", "video", "other"}
            assert item["days"] > 0 and item["page"] >= 1
        for item in gold["sharing"]:
            assert item["stance"] in {"permits", "prohibits", "conditional"}
            assert set(item["recipients"]) <= RECIPIENTS and item["recipients"]
        for item in gold["denials"]:
            assert item["kind"] in {"exemption", "no_records", "partial", "fee", "refusal"}
            assert (item["citation"] is not None) == (item["kind"] == "exemption")
        json.dumps(gold)
    kinds = {d.kind for f in manifest.documents for d in f.denials}
    assert kinds >= {"exemption", "no_records", "partial", "fee"}
    citations = {d.citation for f in manifest.documents for d in f.denials}
    assert {"Fla. Stat. § 119.071(2)(c)", "Or. Rev. Stat. 192.345(3)"} <= citations


def test_policy_states_retention_and_sharing_rules(batch: tuple[Path, SampleManifest]) -> None:
    _, manifest = batch
    policy = next(f for f in manifest.documents if f.doc_type == "policy")
    assert {(r.days, r.applies_to) for r in policy.retention} == {
        (30, "alpr_data"),
        (730, "audit_log"),
    }
    pairs = {(s.stance, r) for s in policy.sharing for r in s.recipients}
    assert {
        ("prohibits", "immigration"),
        ("prohibits", "out_of_state"),
        ("conditional", "law_enforcement"),
    } <= pairs
    contract = next(f for f in manifest.documents if f.doc_type == "contract")
    assert {(t.term, t.value) for t in contract.contract_terms} == {
        ("total_price", 96100.0),
        ("camera_count", 14.0),
        ("term_months", 24.0),
    }
    assert contract.vendors == ["Flock Safety"] and contract.pages and contract.pages >= 2


def test_born_digital_quotes_are_verbatim_in_the_text_layer(
    batch: tuple[Path, SampleManifest],
) -> None:
    out_dir, manifest = batch
    checked = 0
    for entry in manifest.documents:
        if entry.file_type == "pdf":
            data = _entry_bytes(out_dir, entry)
            texts = pdf_page_texts(data)
            assert len(texts) == entry.pages
        elif entry.file_type == "docx":
            doc = Document(str(out_dir / entry.path))
            texts = [collapse_ws("\n".join(p.text for p in doc.paragraphs))]
        elif entry.file_type == "email":
            message = email.message_from_bytes(
                (out_dir / entry.path).read_bytes(), policy=email.policy.default
            )
            assert isinstance(message, EmailMessage)
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            texts = [collapse_ws(body.get_content())]
        elif entry.file_type == "text":
            texts = [collapse_ws((out_dir / entry.path).read_text(encoding="utf-8"))]
        else:
            continue
        items: list[RetentionItem | SharingItem | DenialItem | ContractTerm | HotlistItem] = [
            *entry.retention,
            *entry.sharing,
            *entry.denials,
            *entry.contract_terms,
            *entry.hotlists,
        ]
        for item in items:
            assert item.page is not None
            if item.page in entry.scanned_pages:
                continue
            assert collapse_ws(item.quote) in texts[item.page - 1], (entry.path, item.quote)
            checked += 1
    assert checked >= 25


def _entry_bytes(out_dir: Path, entry: SampleFile) -> bytes:
    """Bytes of a file or of a zip member (``archive.zip!member``)."""
    path = entry.paths[0]
    if "!" not in path:
        return (out_dir / path).read_bytes()
    archive, member = path.split("!", 1)
    with zipfile.ZipFile(out_dir / archive) as zf:
        return zf.read(member)


def test_scanned_pages_have_no_text_layer(batch: tuple[Path, SampleManifest]) -> None:
    out_dir, manifest = batch
    for entry in _pdf_entries(manifest):
        texts = pdf_page_texts(out_dir / entry.path)
        for number, text in enumerate(texts, start=1):
            if number in entry.scanned_pages:
                assert len(text) == 0, (entry.path, number)
            else:
                assert len(text) > 200, (entry.path, number)


def _ocr(image: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", str(image), "-", "--dpi", "200"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_tesseract_reads_the_key_words_of_every_scanned_page(
    batch: tuple[Path, SampleManifest], tmp_path: Path
) -> None:
    assert shutil.which("tesseract"), "tesseract is a system dependency (make system-deps)"
    out_dir, manifest = batch
    jobs: list[tuple[str, int, tuple[str, ...], Path]] = []
    for entry in manifest.documents:
        for wanted in entry.ocr_keywords:
            if entry.file_type == "pdf":
                image = tmp_path / f"{Path(entry.path).stem}-{wanted.page}.png"
                render_page_image(out_dir / entry.path, wanted.page - 1, 200).save(image)
            else:
                image = out_dir / entry.path
            jobs.append((entry.path, wanted.page, wanted.keywords, image))
    assert sorted((p, n) for p, n, _, _ in jobs) == sorted(
        (f.path, n) for f in manifest.documents for n in f.scanned_pages
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(_ocr, [job[3] for job in jobs]))
    for (path, page, keywords, _), text in zip(jobs, texts, strict=True):
        missing = [word for word in keywords if word not in text]
        assert not missing, f"{path} page {page}: OCR lost {missing}"


def test_scans_are_skewed_slightly() -> None:
    for spec in SAMPLE_DOCUMENTS:
        if spec.form in ("scanned_pdf", "image"):
            assert spec.skew and all(0.5 <= abs(s) <= 2.0 for s in spec.skew), spec.path
        if spec.form == "mixed_pdf":
            assert all(0.5 <= abs(spec.skew[n - 1]) <= 2.0 for n in spec.scanned)


def test_audit_exports_match_expected_counts(batch: tuple[Path, SampleManifest]) -> None:
    out_dir, manifest = batch
    logs = [f for f in manifest.documents if f.doc_type == "audit_log"]
    assert {f.file_type for f in logs} == {"csv", "xlsx"}
    for entry in logs:
        if entry.file_type == "csv":
            with (out_dir / entry.path).open(newline="", encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            reasons = [row["Reason"] for row in rows]
        else:
            book = openpyxl.load_workbook(out_dir / entry.path, read_only=True)
            sheet = book.worksheets[0]
            values = list(sheet.iter_rows(values_only=True))
            header, data = values[0], values[1:]
            reasons = [str(row[header.index("reason")] or "") for row in data]
        flagged = [i for i, r in enumerate(reasons, start=1) if IMMIGRATION_WORDS.search(r)]
        assert entry.audit is not None
        assert 40 <= entry.audit.rows == len(reasons) <= 200
        assert entry.audit.immigration_rows == len(flagged) >= 2
        assert list(entry.audit.immigration_row_numbers) == flagged
    csv_reasons = " | ".join(
        row["Reason"]
        for row in csv.DictReader(io.StringIO((out_dir / logs[0].path).read_text(encoding="utf-8")))
    )
    for trap in ("police assist", "notice of violation", "service call"):
        assert trap in csv_reasons


def test_zip_repeats_a_loose_file_and_adds_one(batch: tuple[Path, SampleManifest]) -> None:
    out_dir, manifest = batch
    archive = next(f for f in manifest.files if f.file_type == "zip")
    with zipfile.ZipFile(out_dir / archive.path) as zf:
        assert zf.namelist() == archive.members
        assert {info.date_time for info in zf.infolist()} == {(2024, 6, 1, 12, 0, 0)}
        hashes = {name: hashlib.sha256(zf.read(name)).hexdigest() for name in zf.namelist()}
    for name, sha in hashes.items():
        entry = manifest.file(f"{archive.path}!{name}")
        assert entry.sha256 == sha
    twice = [f for f in manifest.files if len(f.paths) == 2]
    assert len(twice) == 1
    loose, member = twice[0].paths
    assert hashlib.sha256((out_dir / loose).read_bytes()).hexdigest() == twice[0].sha256
    assert member.startswith(archive.path + "!")
    only_in_zip = [f for f in manifest.documents if f.in_zip]
    assert len(only_in_zip) == 1 and only_in_zip[0].doc_type == "other"


def test_broken_file_cannot_be_opened(batch: tuple[Path, SampleManifest]) -> None:
    out_dir, manifest = batch
    broken = [f for f in manifest.files if f.expect_failure]
    assert [f.path for f in broken] == ["broken/broken_scan.pdf"]
    assert (out_dir / broken[0].path).read_bytes().startswith(b"%PDF-")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(out_dir / broken[0].path)


def test_cli_skips_a_complete_batch_and_repairs_a_damaged_one(
    batch: tuple[Path, SampleManifest], tmp_path: Path
) -> None:
    source_dir, manifest = batch
    out_dir = tmp_path / "sample"
    shutil.copytree(source_dir, out_dir)
    shutil.copy(expected_path(source_dir), expected_path(out_dir))
    runner = CliRunner()
    result = runner.invoke(app, [str(out_dir)])
    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output

    damaged = out_dir / manifest.documents[0].path
    damaged.write_bytes(b"changed")
    assert not sample_batch_complete(out_dir)
    result = runner.invoke(app, [str(out_dir)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    assert sample_batch_complete(out_dir)
    assert _tree_hashes(out_dir) == _tree_hashes(source_dir)


def test_bench_batch_has_the_asked_pages_and_scan_share(tmp_path: Path) -> None:
    generate_bench_batch(tmp_path, pages=40, scanned_share=0.1, seed=3)
    pages = scanned = 0
    hashes = set()
    for pdf_path in sorted(tmp_path.rglob("*.pdf")):
        hashes.add(hashlib.sha256(pdf_path.read_bytes()).hexdigest())
        texts = pdf_page_texts(pdf_path)
        pages += len(texts)
        if pdf_path.parent.name == "scanned":
            scanned += len(texts)
            assert all(t == "" for t in texts)
        else:
            assert all(len(t) > 500 for t in texts)
    assert (pages, scanned) == (40, 4)
    assert len(hashes) == len(list(tmp_path.rglob("*.pdf")))


def test_building_blocks_make_one_off_fixtures(tmp_path: Path) -> None:
    stamp = "\n" * 40 + "^ CONFIDENTIAL - MCSO 000123"
    make_scanned_pdf(tmp_path / "stamp_only_scan.pdf", [stamp], skew_deg=1.5)
    assert pdf_page_texts(tmp_path / "stamp_only_scan.pdf") == [""]

    make_mixed_pdf(
        tmp_path / "junk_layer.pdf",
        ["A born-digital page.", "A scanned page."],
        scanned={2},
        look=ScanLook(skew_deg=0.7),
        hidden_text={2: "Ã©Ã¨ Ã¢â‚¬â„¢ Ã"},
    )
    texts = pdf_page_texts(tmp_path / "junk_layer.pdf")
    assert texts[0] == "A born-digital page."
    assert texts[1].startswith("Ã©Ã¨")

    make_text_pdf(tmp_path / "two.pdf", ["## Heading\nFirst page.", "| a | b | c\nSecond."])
    assert pdf_page_texts(tmp_path / "two.pdf") == ["Heading First page.", "a b c Second."]
