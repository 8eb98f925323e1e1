"""Scanning a batch: dedupe by content, every path accounted for, one bad file never stops a run."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

import pipeline.ingest.scan as scan_module
from pipeline.ingest import IngestLimits, IngestResult, accounted_paths, scan_batch
from pipeline.ingest.blobs import blob_path
from pipeline.ingest.hashing import hash_file
from pipeline.ingest.limits import MIB
from pipeline.ingest.scan import Container
from pipeline.records import Failure, SourceFile

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"
CSV_ROWS = (
    "Name,Org,Reason\r\nJ. Doe,Springfield PD,stolen vehicle\r\nA. Roe,Café PD,théft – car\r\n"
)


def make_pdf(path: Path, text: str = "ALPR data is retained for 30 days.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 720, text)
    pdf.save()
    return path


def make_zip(
    path: Path, members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def by_path(result: IngestResult) -> dict[str, SourceFile]:
    return {path: source for source in result.files for path in source.paths}


def failures_by_path(result: IngestResult) -> dict[str, Failure]:
    return {failure.path: failure for failure in result.failures}


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    raw = tmp_path / "raw_docs"
    batch = raw / "batch1"
    batch.mkdir(parents=True)
    (tmp_path / "workspace").mkdir()
    return raw, batch, tmp_path / "workspace" / "blobs"


def test_same_bytes_under_several_paths_is_one_source_file(
    layout: tuple[Path, Path, Path],
) -> None:
    raw, batch, blobs = layout
    policy = make_pdf(batch / "a" / "policy.pdf")
    pdf_bytes = policy.read_bytes()
    put(batch / "b" / "copy of policy.pdf", pdf_bytes)
    bundle = make_zip(
        batch / "bundle.zip",
        [("inner/policy.pdf", pdf_bytes), ("notes.txt", b"call back Monday\n")],
    )

    result = scan_batch(batch, raw, blobs)

    assert result.batch == "batch1"
    assert result.failures == []
    pdfs = [f for f in result.files if f.file_type == "pdf"]
    assert len(pdfs) == 1
    assert pdfs[0].doc_id == sha(pdf_bytes)
    assert pdfs[0].paths == (
        "batch1/a/policy.pdf",
        "batch1/b/copy of policy.pdf",
        "batch1/bundle.zip!inner/policy.pdf",
    )
    assert pdfs[0].size == len(pdf_bytes)
    assert Path(pdfs[0].blob) == policy.resolve()
    note = by_path(result)["batch1/bundle.zip!notes.txt"]
    assert note.file_type == "text"
    assert Path(note.blob) == blob_path(blobs.resolve(), sha(b"call back Monday\n"))
    assert Path(note.blob).read_bytes() == b"call back Monday\n"
    assert result.containers == [
        Container(path="batch1/bundle.zip", sha256=sha(bundle.read_bytes()), members=2)
    ]
    assert result.files_seen == 5
    assert accounted_paths(result) == {
        "batch1/a/policy.pdf",
        "batch1/b/copy of policy.pdf",
        "batch1/bundle.zip",
        "batch1/bundle.zip!inner/policy.pdf",
        "batch1/bundle.zip!notes.txt",
    }


def test_mislabeled_files_are_handled_by_their_real_type(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    make_pdf(batch / "audit_export.csv")
    book = openpyxl.Workbook()
    book.save(str(batch / "contract.pdf"))
    put(batch / "searches.xlsx", CSV_ROWS.encode())
    result = scan_batch(batch, raw, blobs)
    types = {path: source.file_type for path, source in by_path(result).items()}
    assert types == {
        "batch1/audit_export.csv": "pdf",
        "batch1/contract.pdf": "xlsx",
        "batch1/searches.xlsx": "csv",
    }
    assert result.failures == []


def test_empty_and_unsupported_files_become_failures(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    put(batch / "empty.pdf", b"")
    elf = put(batch / "report.pdf", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    make_pdf(batch / "fine.pdf")
    result = scan_batch(batch, raw, blobs)
    failed = failures_by_path(result)
    assert failed["batch1/empty.pdf"].error_class == "EmptyFile"
    assert failed["batch1/empty.pdf"].sha256 == sha(b"")
    unsupported = failed["batch1/report.pdf"]
    assert unsupported.error_class == "UnsupportedFileType"
    assert unsupported.stage == "ingest" and unsupported.batch == "batch1"
    assert "ELF" in unsupported.message and "'.pdf'" in unsupported.message
    assert unsupported.sha256 == sha(elf.read_bytes())
    assert [f.paths for f in result.files] == [("batch1/fine.pdf",)]


def test_non_utf8_csv_files_are_csv(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    put(batch / "cp1252.csv", CSV_ROWS.encode("cp1252"))
    put(batch / "utf16.txt", CSV_ROWS.replace(",", "\t").encode("utf-16"))
    result = scan_batch(batch, raw, blobs)
    found = by_path(result)
    assert found["batch1/cp1252.csv"].file_type == "csv"
    assert found["batch1/cp1252.csv"].mime == "text/csv; charset=windows-1252"
    assert found["batch1/utf16.txt"].file_type == "csv"
    assert found["batch1/utf16.txt"].mime == "text/csv; charset=utf-16"


def test_symlinks(layout: tuple[Path, Path, Path], tmp_path: Path) -> None:
    raw, batch, blobs = layout
    secret = put(tmp_path / "outside" / "secret.txt", b"not part of the batch\n")
    make_pdf(batch / "docs" / "policy.pdf")
    (batch / "leak.txt").symlink_to(secret)
    (batch / "leak_dir").symlink_to(secret.parent, target_is_directory=True)
    (batch / "alias.pdf").symlink_to(Path("docs") / "policy.pdf")
    (batch / "docs_again").symlink_to("docs", target_is_directory=True)
    (batch / "dangling.pdf").symlink_to("nowhere.pdf")

    result = scan_batch(batch, raw, blobs)

    failed = failures_by_path(result)
    assert failed["batch1/leak.txt"].error_class == "SymlinkOutsideBatch"
    assert failed["batch1/leak_dir"].error_class == "SymlinkOutsideBatch"
    assert failed["batch1/dangling.pdf"].error_class == "BrokenSymlink"
    [policy] = result.files
    assert policy.paths == ("batch1/alias.pdf", "batch1/docs/policy.pdf")
    assert Path(policy.blob) == (batch / "docs" / "policy.pdf").resolve()
    assert not any("secret" in f.blob or "docs_again" in p for f in result.files for p in f.paths)
    assert result.files_seen == len(accounted_paths(result)) == 5


def test_os_junk_is_neither_seen_nor_recorded(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    put(batch / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    put(batch / "scans" / "Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    put(batch / "__MACOSX" / "scans" / "._page1.pdf", b"\x00\x05\x16\x07")
    make_pdf(batch / "scans" / "page1.pdf")
    result = scan_batch(batch, raw, blobs)
    assert accounted_paths(result) == {"batch1/scans/page1.pdf"}
    assert result.files_seen == 1


@pytest.mark.timeout(20)
def test_fifo_is_reported_not_opened(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    os.mkfifo(batch / "pipe.csv")
    make_pdf(batch / "z.pdf")
    result = scan_batch(batch, raw, blobs)
    assert failures_by_path(result)["batch1/pipe.csv"].error_class == "NotARegularFile"
    assert len(result.files) == 1


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Drop the effective uid so file permissions apply even when tests run as root."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file_and_folder_become_failures_with_the_os_error() -> None:
    # Built under /tmp with open modes so an unprivileged effective user can walk it.
    work = Path(tempfile.mkdtemp(prefix="ingest-perm-"))
    try:
        work.chmod(0o755)
        raw = work / "raw"
        batch = raw / "b"
        locked_dir = batch / "locked"
        locked_dir.mkdir(parents=True)
        for folder in (raw, batch):
            folder.chmod(0o755)
        make_pdf(batch / "ok.pdf").chmod(0o644)
        put(batch / "sealed.pdf", b"%PDF-1.4 sealed").chmod(0o000)
        put(locked_dir / "inside.pdf", b"%PDF-1.4 inside")
        locked_dir.chmod(0o000)
        blobs = work / "blobs"
        blobs.mkdir(mode=0o777)
        blobs.chmod(0o777)
        with unprivileged():
            result = scan_batch(batch, raw, blobs)
    finally:
        for path in (work / "raw" / "b" / "locked", work / "raw" / "b" / "sealed.pdf"):
            with contextlib.suppress(FileNotFoundError):
                path.chmod(0o755)
        shutil.rmtree(work)
    failed = failures_by_path(result)
    assert failed["b/sealed.pdf"].error_class == "PermissionError"
    assert "Permission denied" in failed["b/sealed.pdf"].message
    assert failed["b/locked"].error_class == "PermissionError"
    assert [f.paths for f in result.files] == [("b/ok.pdf",)]


def test_unexpected_error_for_one_file_does_not_stop_the_walk(
    layout: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, batch, blobs = layout
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        make_pdf(batch / name, text=name)
    real_sniff = scan_module.sniff_path

    def flaky_sniff(path: Path, head: bytes | None = None, size: int | None = None) -> object:
        if path.name == "b.pdf":
            raise RuntimeError("sniffer crashed")
        return real_sniff(path, head, size)

    monkeypatch.setattr(scan_module, "sniff_path", flaky_sniff)
    result = scan_batch(batch, raw, blobs)
    failure = failures_by_path(result)["batch1/b.pdf"]
    assert (failure.error_class, failure.message) == ("RuntimeError", "sniffer crashed")
    assert failure.sha256 == sha((batch / "b.pdf").read_bytes())
    assert sorted(p for f in result.files for p in f.paths) == ["batch1/a.pdf", "batch1/c.pdf"]


def test_nested_zips_expand_to_the_depth_limit(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    level4 = make_zip(batch.parent / "tmp4.zip", [("deepest.txt", b"too deep\n")]).read_bytes()
    level3 = make_zip(
        batch.parent / "tmp3.zip", [("level4.zip", level4), ("third.txt", b"third level\n")]
    ).read_bytes()
    level2 = make_zip(batch.parent / "tmp2.zip", [("level3.zip", level3)]).read_bytes()
    make_zip(batch / "outer.zip", [("level2.zip", level2)])
    for temp in batch.parent.glob("tmp*.zip"):
        temp.unlink()

    result = scan_batch(batch, raw, blobs, IngestLimits(max_zip_depth=3))

    assert [c.path for c in result.containers] == [
        "batch1/outer.zip!level2.zip!level3.zip",
        "batch1/outer.zip!level2.zip",
        "batch1/outer.zip",
    ]
    assert [p for f in result.files for p in f.paths] == [
        "batch1/outer.zip!level2.zip!level3.zip!third.txt"
    ]
    failed = failures_by_path(result)
    assert failed["batch1/outer.zip!level2.zip!level3.zip!level4.zip"].error_class == (
        "ZipNestedTooDeep"
    )
    assert result.files_seen == len(accounted_paths(result)) == 5


def test_zip_bomb_in_batch_fails_the_archive_and_the_walk_goes_on(
    layout: tuple[Path, Path, Path],
) -> None:
    raw, batch, blobs = layout
    make_zip(batch / "a_bomb.zip", [("zeros.bin", bytes(16 * MIB))])
    make_pdf(batch / "b.pdf")
    result = scan_batch(batch, raw, blobs)
    failure = failures_by_path(result)["batch1/a_bomb.zip"]
    assert failure.error_class == "ZipBomb"
    assert result.containers == []
    assert [f.paths for f in result.files] == [("batch1/b.pdf",)]


def test_caps_count_nested_archives_together(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    inner_a = make_zip(batch.parent / "a.zip", [("a.bin", os.urandom(600_000))]).read_bytes()
    inner_b = make_zip(batch.parent / "b.zip", [("b.pdf", os.urandom(600_000))]).read_bytes()
    make_zip(batch / "outer.zip", [("a.zip", inner_a), ("b.zip", inner_b)], zipfile.ZIP_STORED)
    limits = IngestLimits(max_total_bytes=2_000_000)
    result = scan_batch(batch, raw, blobs, limits)
    failed = failures_by_path(result)
    assert failed["batch1/outer.zip!b.zip"].error_class == "ZipTooLarge"
    assert failed["batch1/outer.zip!a.zip!a.bin"].error_class == "UnsupportedFileType"
    assert "batch1/outer.zip!a.zip" in {c.path for c in result.containers}


def test_evil_zip_writes_nothing_outside_blob_dir(layout: tuple[Path, Path, Path]) -> None:
    raw, batch, blobs = layout
    make_zip(
        batch / "evil.zip",
        [("../../../evil.txt", b"x"), ("/tmp/abs_evil.txt", b"y"), ("fine.txt", b"fine\n")],
    )
    root = raw.parent
    before = set(root.rglob("*"))
    result = scan_batch(batch, raw, blobs)
    new = set(root.rglob("*")) - before
    assert new and all(path.is_relative_to(blobs) for path in new)
    assert not Path("/tmp/abs_evil.txt").exists()
    assert {f.error_class for f in result.failures} == {"UnsafeZipMember"}
    assert len(result.failures) == 2


def test_bad_arguments_are_refused(layout: tuple[Path, Path, Path], tmp_path: Path) -> None:
    raw, batch, _ = layout
    with pytest.raises(ValueError, match="inside the batch"):
        scan_batch(batch, raw, batch / "blobs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(ValueError):
        scan_batch(elsewhere, raw, tmp_path / "blobs")


def test_scan_is_deterministic_and_accounts_for_every_file(
    layout: tuple[Path, Path, Path],
) -> None:
    raw, batch, blobs = layout
    for index, name in enumerate(["z/last.pdf", "a/first.pdf", "m/middle.pdf", "a/dup.pdf"]):
        make_pdf(batch / name, text=f"doc {index % 3}")
    put(batch / "m" / "empty.txt", b"")
    put(batch / "m" / "odd.bin", b"\x00\x01\x02\x03" * 100)
    make_zip(batch / "k.zip", [("x.csv", CSV_ROWS.encode()), ("y/../../z.txt", b"no")])

    first = scan_batch(batch, raw, blobs)
    second = scan_batch(batch, raw, blobs)

    assert first == second
    on_disk = {"batch1/" + p.relative_to(batch).as_posix() for p in batch.rglob("*") if p.is_file()}
    assert on_disk <= accounted_paths(first)
    assert first.files_seen == len(accounted_paths(first))
    assert first.files[0].paths[0] == "batch1/a/dup.pdf"


def test_hash_file_streams_in_chunks(tmp_path: Path) -> None:
    data = os.urandom(10_001)
    path = put(tmp_path / "f.bin", data)
    digest, size, head = hash_file(path, chunk_bytes=1000)
    assert (digest, size, head) == (sha(data), len(data), data[:1000])


FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=3000).map(lambda b: b"%PDF-" + b),
    st.text(max_size=1000).map(lambda t: t.encode("utf-16")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents=st.lists(FILE_BYTES, min_size=1, max_size=4))
def test_scan_never_raises_on_random_files(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        batch = raw / "fuzz"
        batch.mkdir(parents=True)
        for index, data in enumerate(contents):
            put(batch / f"f{index}.dat", data)
        result = scan_batch(batch, raw, Path(tmp) / "blobs")
        assert result.files_seen == len(accounted_paths(result)) >= len(contents)
        for source in result.files:
            assert Path(source.blob).is_file()


@pytest.mark.corpus
def test_corpus_documents_ingest_cleanly(tmp_path: Path) -> None:
    if not (CORPUS / "manifest.jsonl").is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    manifest = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text().splitlines()]
    result = scan_batch(CORPUS / "docs", CORPUS, tmp_path / "blobs")
    assert result.failures == []
    found = {path: source for source in result.files for path in source.paths}
    expected_types = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
    for entry in manifest:
        source = found[entry["file"]]
        assert source.doc_id == entry["sha256"]
        assert source.size == entry["bytes"]
        assert source.file_type == expected_types[Path(entry["file"]).suffix.lower()]
    assert len(result.files) == len({entry["sha256"] for entry in manifest})
