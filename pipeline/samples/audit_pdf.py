"""Synthetic Flock-style search-audit exports with known answers.

Real audit PDFs run to hundreds of pages of a landscape table whose header
repeats on every page and whose reason cells wrap over several lines. The
parser is tested and benchmarked against files made here, because the truth
(every row, every reason, which are immigration searches) is known exactly.
Reasons include traps that contain "ice" inside other words ("police assist",
"notice", "service", "Device") and federal searching organisations whose
reason has nothing to do with immigration.

With `scan=` the same export comes out printed and scanned (image-only pages),
the form in which agencies often release these logs.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from pipeline.samples.scan import ScanLook, degrade_image, images_to_pdf, render_page_image

TIMEZONE = "America/Los_Angeles"
COLUMNS: tuple[str, ...] = (
    "ID",
    "Org Name",
    "Total Networks Searched",
    "Total Devices Searched",
    "Time Frame",
    "Reason",
    "Search Time",
    "Search Type",
    "Moderation",
)
# Points, landscape letter minus margins (720 pt): narrow id and time columns
# make those cells wrap too, as they do in real exports.
COLUMN_WIDTHS: tuple[float, ...] = (92, 104, 52, 52, 86, 150, 70, 52, 62)
ROWS_PER_PAGE_ESTIMATE = 21
# With a user column ("Name", after "Org Name") the organisation and reason give up room.
USER_COLUMN = "Name"
USER_WIDTH = 64.0
USER_WIDTH_FROM: tuple[tuple[int, float], ...] = ((1, 20.0), (5, 44.0))

ORGS: tuple[str, ...] = (
    "Springfield OR PD",
    "Lane County Sheriff's Office",
    "Salem Police Department",
    "Medford PD",
    "Bend Police Department",
    "Washington County Sheriff",
    "[Federal] U.S. Customs and Border Protection",
    "[Federal] Federal Bureau of Investigation (FBI)",
    "Cottage Grove Police",
    "Oregon State Police - Criminal Investigations Division",
)
PLAIN_REASONS: tuple[str, ...] = (
    "investigation",
    "inv",
    "Investigative",
    "Property Crime",
    "Person Crime",
    "UUV",
    "Stolen vehicle",
    "stolen plate recovered on traffic stop",
    "Missing juvenile, last seen leaving school on foot with an adult male",
    "Warrant service",
    "Suspicious vehicle seen near the elementary school several nights in a row",
    "Burglary series 25-014233",
    "Hit and run with injury, dark SUV with front end damage",
    "LE purposes",
    "case",
    "",
    "Homicide investigation, vehicle of interest reported by two witnesses",
    "Daytime search for best result",
    "Robbery",
    "CFS",
)
TRAP_REASONS: tuple[str, ...] = (
    "police assist",
    "Notice of stolen vehicle from neighboring agency",
    "service of protective order",
    "Justice court warrant",
    "Device recovered; price tag stolen property",
    "Assist other agency with noticed pattern of thefts",
    "Juvenile services referral, runaway",
    "Office notice - vehicle of interest",
)
IMMIGRATION_REASONS: tuple[str, ...] = (
    "ICE request",
    "HSI assist",
    "Immigration enforcement",
    "assist ERO with removal proceedings for subject",
    "CBP border crossing vehicle of interest",
    "deportation order follow up",
    "ice",
    "Immigration and Customs Enforcement administrative warrant, subject believed to drive the "
    "listed vehicle",
)
USERS: tuple[str, ...] = (
    "jsmith",
    "Maria Lopez",
    "K. Nguyen",
    "dwilliams",
    "Officer Reyes",
    "tbrown2",
    "Sam O'Neil",
    "apatel",
)
SEARCH_TYPES: tuple[str, ...] = ("Search", "Lookup", "Search", "Visual Search")
MODERATIONS: tuple[str, ...] = ("", "", "Approved", "Flagged for review")


@dataclass(frozen=True)
class AuditPdfStyle:
    """Layout choices seen across exporters, so tests can vary what the parser meets.

    valign: TOP, MIDDLE (HTML table default) or BOTTOM (reportlab default);
    header_align: LEFT or CENTER; integer_ids: short numeric ids instead of UUIDs;
    with_id: False drops the ID column (rows then start at the search time);
    split_rows: let a tall row break across a page boundary;
    with_user: add the searching user's "Name" column after "Org Name".
    """

    valign: str = "TOP"
    header_align: str = "LEFT"
    integer_ids: bool = False
    with_id: bool = True
    split_rows: bool = False
    with_user: bool = False


@dataclass
class AuditTruth:
    """What a generated export contains, row for row, in file order."""

    path: Path
    rows: int
    immigration_rows: int
    pages: int
    timezone: str
    records: list[dict[str, Any]] = field(default_factory=list)


def _reason(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(IMMIGRATION_REASONS)
    if roll < 0.18:
        return rng.choice(TRAP_REASONS)
    return rng.choice(PLAIN_REASONS)


def make_audit_records(rows: int, seed: int = 3, integer_ids: bool = False) -> list[dict[str, Any]]:
    """The search events a generated export holds, deterministic for a seed.

    Users come from their own random stream, so adding them changed no other value.
    """
    rng = random.Random(seed)
    users = random.Random(seed * 7919 + 1)
    start = datetime(2025, 6, 18, 0, 0, 0)
    records: list[dict[str, Any]] = []
    when = start
    for _ in range(rows):
        when += timedelta(seconds=rng.randint(20, 1800))
        days = rng.choice((1, 7, 14, 30))
        if rng.random() < 0.5:
            frame = f"Last {days} days"
        else:
            first = (when - timedelta(days=days)).strftime("%m/%d/%Y %I:%M %p")
            frame = f"{first} - {when.strftime('%m/%d/%Y %I:%M %p')}"
        reason = _reason(rng)
        search_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        records.append(
            {
                "search_id": str(100000 + len(records)) if integer_ids else search_id,
                "org_name": rng.choice(ORGS),
                "user": users.choice(USERS),
                "networks": rng.randint(1, 2700),
                "devices": rng.randint(1, 90000),
                "time_frame": frame,
                "reason": reason or None,
                "searched_at": when,
                "search_type": rng.choice(SEARCH_TYPES),
                "moderation": rng.choice(MODERATIONS) or None,
                "immigration": reason in IMMIGRATION_REASONS,
            }
        )
    return records


def format_search_time(when: datetime) -> str:
    return when.strftime("%m/%d/%Y, %I:%M:%S %p")


def _widths(style: AuditPdfStyle) -> tuple[list[str], list[float]]:
    names = list(COLUMNS)
    widths = list(COLUMN_WIDTHS)
    if style.with_user:
        for index, give in USER_WIDTH_FROM:
            widths[index] -= give
        names.insert(2, USER_COLUMN)
        widths.insert(2, USER_WIDTH)
    if not style.with_id:
        widths[1] += widths[0]
        names, widths = names[1:], widths[1:]
    return names, widths


def _cells(rec: dict[str, Any], style: AuditPdfStyle) -> list[object]:
    cells: list[object] = [
        rec["search_id"],
        rec["org_name"],
        rec["networks"],
        rec["devices"],
        rec["time_frame"],
        rec["reason"],
        format_search_time(rec["searched_at"]),
        rec["search_type"],
        rec["moderation"],
    ]
    if style.with_user:
        cells.insert(2, rec["user"])
    return cells if style.with_id else cells[1:]


def make_audit_pdf(
    path: Path,
    rows: int,
    seed: int = 3,
    style: AuditPdfStyle | None = None,
    scan: ScanLook | None = None,
) -> AuditTruth:
    """Write a landscape, header-per-page audit PDF of `rows` searches; return its truth.

    With `scan`, every page is rendered, soiled and skewed as `scan` says, and the
    file holds only those images (no text layer), like a printed-and-scanned log.
    """
    style = style or AuditPdfStyle()
    records = make_audit_records(rows, seed, integer_ids=style.integer_ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    if scan is None:
        with path.open("wb") as fh:
            pages = _write_audit_pdf(fh, records, style)
    else:
        digital = io.BytesIO()
        pages = _write_audit_pdf(digital, records, style)
        path.write_bytes(_scanned(digital.getvalue(), pages, scan, seed))
    return AuditTruth(
        path=path,
        rows=len(records),
        immigration_rows=sum(1 for r in records if r["immigration"]),
        pages=pages,
        timezone=TIMEZONE,
        records=records,
    )


def _scanned(pdf: bytes, pages: int, look: ScanLook, seed: int) -> bytes:
    """Image-only PDF of the pages, each degraded with its own random stream."""
    images = [
        degrade_image(
            render_page_image(pdf, index, look.dpi),
            skew_deg=look.skew_deg,
            noise=look.noise,
            seed=(seed, index + 1),
            speckle=look.speckle,
            blur=look.blur,
        )
        for index in range(pages)
    ]
    return images_to_pdf(images, look, "Network Audit")


def _write_audit_pdf(target: IO[bytes], records: list[dict[str, Any]], style: AuditPdfStyle) -> int:
    """Draw the export into `target`; the number of pages it took."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8.4)
    head = ParagraphStyle(
        "head",
        parent=cell,
        fontName="Helvetica-Bold",
        alignment=1 if style.header_align == "CENTER" else 0,
    )
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=13, leading=16)
    note = ParagraphStyle("note", fontName="Helvetica", fontSize=8, leading=10)

    def para(text: object, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape("" if text is None else str(text)), style)

    names, widths = _widths(style)
    data: list[list[Any]] = [[para(name, head) for name in names]]
    data.extend([para(value) for value in _cells(rec, style)] for rec in records)
    table = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=int(style.split_rows))
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), style.valign),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7fa")]),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(36, 18, f"Network Audit - times shown in {TIMEZONE}")
        canvas.drawRightString(756, 18, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        target,
        pagesize=landscape(letter),
        leftMargin=36,
        rightMargin=36,
        topMargin=30,
        bottomMargin=32,
        title="Network Audit",
        author="alpr-foia synthetic sample",
    )
    story: list[Any] = [
        Paragraph("Network Audit", title),
        Paragraph(
            escape(f"Searches of shared networks, 06/18/2025 onward. Time zone: {TIMEZONE}"), note
        ),
        Spacer(1, 6),
        table,
    ]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)


def make_audit_csv(path: Path, rows: int, seed: int = 3) -> AuditTruth:
    """Write the same kind of events as a Flock-style CSV export (quoted, UTC times).

    Reasons keep their commas and some hold line breaks, so the file exercises
    quoted cells the way real exports do. Written row by row: a million rows is
    a benchmark input, not a memory test of the generator.
    """
    rng = random.Random(seed)
    start = datetime(2025, 6, 18, 0, 0, 0)
    when = start
    immigration = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(["id", "userId", "searchDate", "networkCount", "cameraCount", "reason"])
        for n in range(rows):
            when += timedelta(milliseconds=rng.randint(200, 60000))
            reason = _reason(rng)
            if n % 97 == 5:
                reason = f"{reason}\nsecond line of the note" if reason else reason
            immigration += reason.split("\n")[0] in IMMIGRATION_REASONS
            writer.writerow(
                [
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    f"user-{rng.randint(1, 400):04d}",
                    when.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                    rng.randint(1, 2700),
                    rng.randint(1, 90000),
                    reason,
                ]
            )
    return AuditTruth(
        path=path, rows=rows, immigration_rows=immigration, pages=0, timezone="", records=[]
    )
