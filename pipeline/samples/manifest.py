"""What the sample batch is known to contain, in the shape of the corpus gold labels.

The generator writes the documents and, beside them, the facts a perfect pipeline
would extract. Per-document fields follow the corpus gold format (see
shared/corpus/README.md) so the same scorer works on both; the extra fields (paths,
sha256, scanned pages and their OCR key words, contract terms, hotlists, expected
failures) are what tests of single stages need.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.records import FileType

BornDigital = bool | Literal["mixed"]

EXPECTED_SUFFIX = ".expected.json"


def expected_path(out_dir: Path) -> Path:
    """Where the facts of a batch folder live: beside it, never inside it.

    Inside, the manifest would itself be ingested as a document of the batch.
    """
    return out_dir.parent / f"{out_dir.name}{EXPECTED_SUFFIX}"


@dataclass(frozen=True)
class RetentionItem:
    days: int
    applies_to: str
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class SharingItem:
    stance: str
    recipients: tuple[str, ...]
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class DenialItem:
    kind: str
    citation: str | None
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class ContractTerm:
    term: str
    value: float
    unit: str
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class HotlistItem:
    hotlist: str
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class AuditCounts:
    """Data rows of an audit export; row numbers are 1-based data rows (header excluded)."""

    rows: int
    immigration_rows: int
    immigration_row_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class OcrKeywords:
    """Words an OCR of this scanned page must return (chosen to survive OCR)."""

    page: int
    keywords: tuple[str, ...]


@dataclass
class SampleFile:
    """One distinct file content of the batch and everything known about it.

    `path` and `paths` are relative to the batch folder; a zip member is written
    ``archive.zip!member``. A document present loose and inside a zip has one entry
    with both paths, because ingest dedupes by content.
    """

    path: str
    paths: list[str]
    file_type: FileType
    sha256: str
    bytes: int
    doc_type: str | None = None
    agency: str | None = None
    state: str | None = None
    pages: int | None = None
    born_digital: BornDigital | None = None
    scanned_pages: list[int] = field(default_factory=list)
    ocr_keywords: list[OcrKeywords] = field(default_factory=list)
    vendors: list[str] = field(default_factory=list)
    retention: list[RetentionItem] = field(default_factory=list)
    sharing: list[SharingItem] = field(default_factory=list)
    denials: list[DenialItem] = field(default_factory=list)
    contract_terms: list[ContractTerm] = field(default_factory=list)
    hotlists: list[HotlistItem] = field(default_factory=list)
    audit: AuditCounts | None = None
    members: list[str] = field(default_factory=list)
    expect_failure: bool = False
    failure_reason: str | None = None
    notes: str = ""

    @property
    def in_zip(self) -> bool:
        return all("!" in p for p in self.paths)

    def gold(self) -> dict[str, Any]:
        """This file's labels in exactly the corpus gold format."""
        return {
            "file": self.path,
            "doc_type": self.doc_type,
            "agency": self.agency,
            "state": self.state,
            "vendors": list(self.vendors),
            "retention": [asdict(r) for r in self.retention],
            "sharing": [{**asdict(s), "recipients": list(s.recipients)} for s in self.sharing],
            "denials": [asdict(d) for d in self.denials],
            "audit": (
                {"rows": self.audit.rows, "immigration_rows": self.audit.immigration_rows}
                if self.audit
                else None
            ),
            "notes": self.notes,
        }


@dataclass
class SampleManifest:
    """All files of one generated batch (`batch` is the folder name)."""

    batch: str
    generator_version: str
    files: list[SampleFile]

    def file(self, path: str) -> SampleFile:
        """The entry that has `path` among its paths."""
        for entry in self.files:
            if path in entry.paths:
                return entry
        raise KeyError(path)

    @property
    def documents(self) -> list[SampleFile]:
        """Entries a pipeline should turn into documents (no archives, no broken files)."""
        return [f for f in self.files if f.file_type != "zip" and not f.expect_failure]

    @property
    def disk_files(self) -> list[SampleFile]:
        """Entries that exist as files in the batch folder (not only inside a zip)."""
        return [f for f in self.files if not f.in_zip]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> SampleManifest:
        data = json.loads(text)
        return cls(
            batch=data["batch"],
            generator_version=data["generator_version"],
            files=[_file_from_dict(f) for f in data["files"]],
        )

    @classmethod
    def load(cls, path: Path) -> SampleManifest:
        return cls.from_json(path.read_text(encoding="utf-8"))


def _file_from_dict(data: dict[str, Any]) -> SampleFile:
    audit = data.get("audit")
    return SampleFile(
        **{
            **data,
            "ocr_keywords": [
                OcrKeywords(k["page"], tuple(k["keywords"])) for k in data["ocr_keywords"]
            ],
            "retention": [RetentionItem(**r) for r in data["retention"]],
            "sharing": [
                SharingItem(**{**s, "recipients": tuple(s["recipients"])}) for s in data["sharing"]
            ],
            "denials": [DenialItem(**d) for d in data["denials"]],
            "contract_terms": [ContractTerm(**c) for c in data["contract_terms"]],
            "hotlists": [HotlistItem(**h) for h in data["hotlists"]],
            "audit": (
                AuditCounts(
                    audit["rows"],
                    audit["immigration_rows"],
                    tuple(audit["immigration_row_numbers"]),
                )
                if audit
                else None
            ),
        }
    )
