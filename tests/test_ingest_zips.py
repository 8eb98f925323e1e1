"""Safe ZIP expansion: hostile names, bombs, caps, encryption, damage; blobs only in blob_dir."""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.blobs import blob_path, store_blob
from pipeline.ingest.errors import (
    CorruptZip,
    IngestError,
    ZipBomb,
    ZipMemberTooLarge,
    ZipNestedTooDeep,
    ZipTooLarge,
    ZipTooManyMembers,
)
from pipeline.ingest.limits import MIB, IngestLimits
from pipeline.ingest.zips import (
    ArchiveCapExceeded,
    ExpansionBudget,
    ExtractedMember,
    capped_chunks,
    expand_zip,
    unsafe_name_reason,
)
from pipeline.records import Failure

LIMITS = IngestLimits()
Member = tuple[str | zipfile.ZipInfo, bytes]


def make_zip(path: Path, members: list[Member], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def noise(size: int, seed: int = 0) -> bytes:
    """Incompressible bytes, the same on every run."""
    return random.Random(seed).randbytes(size)


def expand(archive: Path, blob_dir: Path, limits: IngestLimits = LIMITS) -> list[object]:
    return list(expand_zip(archive, "b/" + archive.name, blob_dir, limits))


def extracted(items: list[object]) -> dict[str, ExtractedMember]:
    return {item.path: item for item in items if isinstance(item, ExtractedMember)}


def failures(items: list[object]) -> dict[str, Failure]:
    return {item.path: item for item in items if isinstance(item, Failure)}


def tree(root: Path) -> set[Path]:
    return {path for path in root.rglob("*")}


def test_unsafe_names_refused_and_nothing_written_outside_blob_dir(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = make_zip(
        work / "evil.zip",
        [
            ("../evil.txt", b"escape one level"),
            ("/abs.txt", b"absolute"),
            ("C:/windows.txt", b"drive letter"),
            ("..\\evil2.txt", b"windows separators"),
            ("docs/../../up.txt", b"sneaky middle"),
            ("ok/safe.txt", b"a normal record"),
        ],
    )
    blob_dir = tmp_path / "blobs"
    before = tree(tmp_path)

    items = expand(archive, blob_dir)

    refused = failures(items)
    assert {f.error_class for f in refused.values()} == {"UnsafeZipMember"}
    assert len(refused) == 5
    for raw_name in ("../evil.txt", "/abs.txt", "C:/windows.txt", "docs/../../up.txt"):
        assert any(raw_name in f.message for f in refused.values()), raw_name
    assert set(extracted(items)) == {"b/evil.zip!ok/safe.txt"}
    new = tree(tmp_path) - before
    assert new, "the safe member should have been stored"
    assert all(path.is_relative_to(blob_dir) for path in new), sorted(new)
    assert not list(tmp_path.parent.glob("*evil*.txt"))
    assert not (tmp_path / "abs.txt").exists() and not Path("/abs.txt").exists()


def test_member_bytes_land_in_content_addressed_blobs(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "a.zip",
        [("x/one.txt", b"same bytes"), ("y/two.txt", b"same bytes"), ("z.txt", b"other")],
    )
    blob_dir = tmp_path / "blobs"
    items = extracted(expand(archive, blob_dir))
    sha = hashlib.sha256(b"same bytes").hexdigest()
    assert items["b/a.zip!x/one.txt"].blob.sha256 == sha
    assert items["b/a.zip!x/one.txt"].blob.path == blob_path(blob_dir, sha)
    assert blob_path(blob_dir, sha).read_bytes() == b"same bytes"
    stored = [path for path in blob_dir.rglob("*") if path.is_file()]
    assert len(stored) == 2, "identical members are stored once"
    assert not list(blob_dir.rglob(".incoming-*"))


def test_zip_bomb_of_zeros_is_refused_before_writing(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", [("zeros.bin", bytes(20 * MIB))])
    assert archive.stat().st_size * 100 < 20 * MIB
    blob_dir = tmp_path / "blobs"
    with pytest.raises(ZipBomb, match="ratio"):
        expand(archive, blob_dir)
    assert not blob_dir.exists() or not [p for p in blob_dir.rglob("*") if p.is_file()]


def test_bomb_member_among_ordinary_members_fails_alone(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "mixed.zip",
        [("scan.bin", noise(2 * MIB)), ("padding.bin", bytes(MIB))],
    )
    items = expand(archive, tmp_path / "blobs")
    assert failures(items)["b/mixed.zip!padding.bin"].error_class == "ZipBomb"
    assert "b/mixed.zip!scan.bin" in extracted(items)


def test_small_compressible_member_is_not_a_bomb(tmp_path: Path) -> None:
    # 100 KiB of one byte compresses ~1000:1 but is under the ratio floor.
    archive = make_zip(tmp_path / "form.zip", [("blank.txt", b" " * 100 * 1024)])
    assert list(extracted(expand(archive, tmp_path / "blobs"))) == ["b/form.zip!blank.txt"]


def test_member_count_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", [(f"f{i}.txt", b"%d" % i) for i in range(5)])
    with pytest.raises(ZipTooManyMembers, match="5 entries"):
        expand(archive, tmp_path / "blobs", IngestLimits(max_members=3))
    assert len(extracted(expand(archive, tmp_path / "blobs", IngestLimits(max_members=5)))) == 5


def test_per_member_size_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("big.bin", noise(4000)), ("small.txt", b"ok")])
    items = expand(archive, tmp_path / "blobs", IngestLimits(max_member_bytes=1000))
    assert failures(items)["b/a.zip!big.bin"].error_class == "ZipMemberTooLarge"
    assert "b/a.zip!small.txt" in extracted(items)


def test_total_size_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("a.bin", noise(3000)), ("b.bin", noise(3000, 1))])
    with pytest.raises(ZipTooLarge):
        expand(archive, tmp_path / "blobs", IngestLimits(max_total_bytes=5000))


def test_nesting_depth_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("x.txt", b"x")])
    gen = expand_zip(archive, "b/a.zip", tmp_path / "blobs", IngestLimits(max_zip_depth=2), 3)
    with pytest.raises(ZipNestedTooDeep, match="3 levels"):
        next(gen)


def test_streaming_cap_stops_a_member_bigger_than_declared() -> None:
    # A directory can understate sizes; the bytes that come out are what counts.
    info = zipfile.ZipInfo("liar.bin")
    info.file_size = 100
    info.compress_size = 64 * MIB
    stream = io.BytesIO(bytes(64 * MIB))
    limits = IngestLimits(max_member_bytes=MIB, chunk_bytes=64 * 1024)
    budget = ExpansionBudget(archive_bytes=10 * MIB)
    with pytest.raises(ZipMemberTooLarge, match="passed"):
        for _ in capped_chunks(stream, info, "b/a.zip!liar.bin", limits, budget):
            pass
    assert stream.tell() <= MIB + 64 * 1024


def test_streaming_ratio_cap_per_member() -> None:
    info = zipfile.ZipInfo("liar.bin")
    info.file_size = info.compress_size = 1000
    stream = io.BytesIO(bytes(8 * MIB))
    budget = ExpansionBudget(archive_bytes=100 * MIB)
    with pytest.raises(ZipBomb):
        list(capped_chunks(stream, info, "b/a.zip!liar.bin", IngestLimits(), budget))
    assert stream.tell() <= 2 * MIB


def test_streaming_caps_for_the_whole_archive_escape_member_handling() -> None:
    info = zipfile.ZipInfo("x.bin")
    info.file_size = info.compress_size = 10 * MIB
    budget = ExpansionBudget(archive_bytes=10 * MIB, bytes_out=0)
    limits = IngestLimits(max_total_bytes=3 * MIB)
    with pytest.raises(ArchiveCapExceeded) as caught:
        list(capped_chunks(io.BytesIO(noise(10 * MIB)), info, "b/a.zip!x.bin", limits, budget))
    assert isinstance(caught.value.error, ZipTooLarge)
    bomb_budget = ExpansionBudget(archive_bytes=1000)
    with pytest.raises(ArchiveCapExceeded) as caught:
        list(capped_chunks(io.BytesIO(bytes(10 * MIB)), info, "b/a.zip!x.bin", LIMITS, bomb_budget))
    assert isinstance(caught.value.error, ZipBomb)


def test_aborted_blob_leaves_nothing_behind(tmp_path: Path) -> None:
    def chunks() -> object:
        yield b"partial data"
        raise ZipBomb("stop")

    with pytest.raises(ZipBomb):
        store_blob(chunks(), tmp_path / "blobs")  # type: ignore[arg-type]
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def set_header_field(archive: Path, member: bytes, field: str, value: int) -> None:
    """Patch a 2-byte field of one member in both its local and central headers."""
    offsets = {"flags": (6, 8), "method": (8, 10)}[field]
    data = bytearray(archive.read_bytes())
    for signature, offset in zip((b"PK\x03\x04", b"PK\x01\x02"), offsets, strict=True):
        start = 0
        while True:
            header = data.index(signature, start)
            name_at = header + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(member)] == member:
                break
            start = header + 4
        current = int.from_bytes(data[header + offset : header + offset + 2], "little")
        new = current | value if field == "flags" else value
        data[header + offset : header + offset + 2] = new.to_bytes(2, "little")
    archive.write_bytes(bytes(data))


def test_encrypted_flag_member_is_reported(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "a.zip", [("secret.pdf", b"%PDF-1.4 ciphertext"), ("open.txt", b"hi")]
    )
    set_header_field(archive, b"secret.pdf", "flags", 0x1)
    items = expand(archive, tmp_path / "blobs")
    failure = failures(items)["b/a.zip!secret.pdf"]
    assert failure.error_class == "EncryptedZipMember"
    assert "secret.pdf" in failure.message
    assert "b/a.zip!open.txt" in extracted(items)


@pytest.mark.skipif(shutil.which("zip") is None, reason="needs the zip command for real encryption")
def test_really_encrypted_member(tmp_path: Path) -> None:
    (tmp_path / "policy.txt").write_text("retention 30 days")
    subprocess.run(
        ["zip", "-q", "-P", "hunter2", "locked.zip", "policy.txt"], cwd=tmp_path, check=True
    )
    items = expand(tmp_path / "locked.zip", tmp_path / "blobs")
    assert failures(items)["b/locked.zip!policy.txt"].error_class == "EncryptedZipMember"


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("passwd")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = make_zip(tmp_path / "a.zip", [(link, b"/etc/passwd")])
    failure = failures(expand(archive, tmp_path / "blobs"))["b/a.zip!passwd"]
    assert failure.error_class == "UnsafeZipMember"
    assert "symbolic link" in failure.message


def test_junk_and_directories_are_skipped_and_backslashes_normalised(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "mac.zip",
        [
            ("records/", b""),
            ("records/policy.txt", b"policy"),
            ("__MACOSX/records/._policy.txt", b"\x00\x05\x16\x07resource fork"),
            ("records/.DS_Store", b"\x00\x00\x00\x01Bud1"),
            ("records\\THUMBS.DB", b"\xd0\xcf\x11\xe0"),
            ("win\\memo.txt", b"memo"),
        ],
    )
    items = expand(archive, tmp_path / "blobs")
    assert set(extracted(items)) == {"b/mac.zip!records/policy.txt", "b/mac.zip!win/memo.txt"}
    assert failures(items) == {}


def test_unsupported_compression_method(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", [("x.txt", b"hello")], method=zipfile.ZIP_STORED)
    set_header_field(archive, b"x.txt", "method", 9)  # Deflate64: zipfile cannot decode it
    failure = failures(expand(archive, tmp_path / "blobs"))["b/a.zip!x.txt"]
    assert failure.error_class == "UnsupportedZipCompression"


def test_damaged_member_data_fails_that_member_only(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "a.zip",
        [("a.txt", b"first record " * 50), ("b.txt", b"second record " * 50)],
        method=zipfile.ZIP_STORED,
    )
    data = bytearray(archive.read_bytes())
    where = data.index(b"first record")
    data[where : where + 5] = b"XXXXX"  # stored bytes no longer match the CRC
    archive.write_bytes(bytes(data))
    blob_dir = tmp_path / "blobs"
    items = expand(archive, blob_dir)
    assert failures(items)["b/a.zip!a.txt"].error_class == "CorruptZip"
    assert "b/a.zip!b.txt" in extracted(items)
    assert not list(blob_dir.rglob(".incoming-*"))
    assert len([p for p in blob_dir.rglob("*") if p.is_file()]) == 1


def test_unreadable_directory_is_corrupt(tmp_path: Path) -> None:
    whole = make_zip(tmp_path / "a.zip", [("a.txt", noise(5000))]).read_bytes()
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(whole[: len(whole) // 2])
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04" + noise(300))
    for archive in (truncated, garbage):
        with pytest.raises(CorruptZip):
            expand(archive, tmp_path / "blobs")


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("../x", True),
        ("a/../../x", True),
        ("..\\x", True),
        ("/etc/passwd", True),
        ("\\\\server\\share\\x", True),
        ("C:\\x", True),
        ("c:x", True),
        ("./", True),
        ("a/b/c.pdf", False),
        ("a/..b/c.pdf", False),
        ("...txt", False),
        ("./a.txt", False),
    ],
)
def test_unsafe_name_reason(name: str, unsafe: bool) -> None:
    assert (unsafe_name_reason(name) is not None) is unsafe


def _valid_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("dir/a.txt", b"alpha " * 40)
        zf.writestr("b.csv", b"a,b\n1,2\n")
    return buffer.getvalue()


VALID_ZIP = _valid_zip_bytes()


@settings(max_examples=150, deadline=None)
@given(
    flips=st.lists(st.tuples(st.integers(0, len(VALID_ZIP) - 1), st.integers(0, 255)), max_size=8),
    cut=st.integers(4, len(VALID_ZIP)),
)
def test_damaged_archives_raise_only_ingest_errors(
    flips: list[tuple[int, int]], cut: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = bytearray(VALID_ZIP)
    for offset, value in flips:
        data[offset] = value
    work = tmp_path_factory.mktemp("fuzz")
    archive = work / "f.zip"
    archive.write_bytes(bytes(data[:cut]))
    blob_dir = work / "blobs"
    try:
        items = list(expand_zip(archive, "b/f.zip", blob_dir, LIMITS))
    except IngestError:
        items = []
    for item in items:
        assert isinstance(item, ExtractedMember | Failure)
        if isinstance(item, ExtractedMember):
            assert item.blob.path.is_relative_to(blob_dir)
    outside = [
        p
        for p in work.rglob("*")
        if p.is_file() and p != archive and not p.is_relative_to(blob_dir)
    ]
    assert outside == []
