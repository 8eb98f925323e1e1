"""The HTML report: self-contained, escaped, every link resolving to a cited page."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report import write_report
from pipeline.report.markup import Markup, esc, join, tag
from pipeline.report.render import month_range
from pipeline.warehouse.connection import open_writer
from tests.comparison_data import HOSTILE, build_comparison_warehouse
from tests.report_browser import browser_available, visit

runner = CliRunner()


class _Collector(HTMLParser):
    """Tags, ids and every URL-bearing attribute of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "meta":
            self.meta.append(values)
        for name, value in attrs:
            if name in {"href", "src", "srcset", "action", "xlink:href", "poster", "data"}:
                self.urls.append((tag, name, value or ""))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    db = build_comparison_warehouse(base / "w.duckdb")
    write_report(db, base / "out")
    return base / "out"


def test_every_link_reaches_an_existing_page_and_anchor(report: Path) -> None:
    files = [report / "index.html", *sorted((report / "pages").glob("*.html"))]
    assert len(files) == 17  # index + 16 cited pages
    checked = 0
    for page in files:
        parsed = _parse(page)
        for _tag, _name, url in parsed.urls:
            target, _, anchor = url.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.name} links to missing {url}"
            if anchor:
                assert anchor in _parse(path).ids, f"{page.name}: no #{anchor} in {path.name}"
            checked += 1
    assert checked > 60


def test_nothing_is_loaded_from_outside_the_folder(report: Path) -> None:
    for page in [report / "index.html", *(report / "pages").glob("*.html")]:
        parsed = _parse(page)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert "link" not in parsed.tags and "iframe" not in parsed.tags
        for tag_name, name, url in parsed.urls:
            assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", url, re.I), (
                f"{page.name}: <{tag_name} {name}={url!r}> leaves the folder"
            )
        csp = [m for m in parsed.meta if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in str(csp[0]["content"])
        assert "url(" not in page.read_text(encoding="utf-8")


def test_hostile_text_and_file_names_are_escaped(report: Path) -> None:
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index.lower()
    assert 'onerror="alert' not in index
    assert "minutes &lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in index
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in index
    for page in (report / "pages").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "<img" not in text.lower()
    assert HOSTILE not in index


def test_index_has_the_five_charts_and_a_section_per_agency(report: Path) -> None:
    index = (report / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg [^>]*aria-label="([^"]+)"', index)
    assert charts == [
        "Retention of plate data, days (log scale)",
        "Sharing: strongest stance per recipient",
        "Vendors named in each agency&#x27;s records",
        "Denials by exemption citation",
        "Immigration-related searches per month",
    ]
    assert "30 d / 365 d (1 yr)  ⚠ disagree" in index
    assert ">prohibits !</text>" in index  # Harbor Bluff: federal, documents conflict
    for name in (
        "Harbor Bluff Police Department (FL)",
        "Marlow County Sheriff&#x27;s Office (FL)",
        "Cedar Falls Police Department (OR)",
        "Unknown agency",
    ):
        assert f"<h2>{name}</h2>" in index
    assert "Documents that disagree" in index
    # April has searches but none immigration-related: still a column on the time axis.
    assert ">2024-04</text>" in index and ">2024-01</text>" in index


def test_month_axis_is_continuous_across_years() -> None:
    seen = [datetime(2024, 2, 1), datetime(2023, 11, 1), datetime(2023, 11, 1)]
    assert [m.strftime("%Y-%m") for m in month_range(seen)] == [
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    wild = [datetime(1970, 1, 1), datetime(2024, 5, 1)]
    assert month_range(wild) == wild  # a mis-parsed year does not draw 650 columns


def test_page_view_marks_the_quote_in_the_stored_text(report: Path) -> None:
    index = (report / "index.html").read_text(encoding="utf-8")
    link = re.search(
        r'href="(pages/[0-9a-f]{16}-p2\.html#(f\d+))"[^>]*>policy_alpr\.pdf p\.2<', index
    )
    assert link, "the retention cell links to the policy's page 2"
    page = (report / link.group(1).split("#")[0]).read_text(encoding="utf-8")
    fact_id = link.group(2)
    assert f'<mark id="m-{fact_id}">ALPR data is purged after thirty (30) days</mark>' in page
    assert f'id="{fact_id}"' in page
    assert "Harbor Bluff Police Department" in page and "harbor/policy_alpr.pdf" in page


def test_rewriting_removes_stale_pages_but_not_other_files(tmp_path: Path) -> None:
    db = build_comparison_warehouse(tmp_path / "w.duckdb")
    out = tmp_path / "out"
    (out / "pages").mkdir(parents=True)
    stale = out / "pages" / "0123456789abcdef-p9.html"
    stale.write_text("old")
    mine = out / "pages" / "notes.html"
    mine.write_text("keep me")
    files = write_report(db, out)
    assert not stale.exists() and mine.exists()
    assert (files.pages, files.agencies, files.facts) == (16, 4, 33)


def test_an_empty_warehouse_gives_a_report_with_empty_sections(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    with open_writer(db):
        pass
    files = write_report(db, tmp_path / "out")
    index = files.index.read_text(encoding="utf-8")
    assert "No retention periods found." in index
    assert "No immigration-related audit-log searches found." in index
    assert files.pages == 0


def test_cli_report_writes_the_folder(tmp_path: Path) -> None:
    db = build_comparison_warehouse(tmp_path / "w.duckdb")
    result = runner.invoke(
        app, ["report", "-w", str(db), "--out", str(tmp_path / "r")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "4 agencies, 33 facts, 16 cited pages" in result.output
    assert (tmp_path / "r" / "index.html").is_file()


def test_markup_escapes_plain_values_and_keeps_markup() -> None:
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert esc("nul\x00byte\x0c") == "nul byte "
    built = tag("p", "<b>", tag("b", "ok"), title='"q"')
    assert built == '<p title="&quot;q&quot;">&lt;b&gt;<b>ok</b></p>'
    assert isinstance(join([built, "<i>"]), Markup)
    assert join(["<i>"]) == "&lt;i&gt;"
    with pytest.raises(ValueError):
        tag("p", onclick_x='" onload="', **{"bad name": 1})


browser_missing = browser_available()


@pytest.mark.skipif(browser_missing is not None, reason=str(browser_missing))
def test_report_loads_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    page = sorted((report / "pages").glob("*.html"))[0]
    index, cited = visit([report / "index.html", page], screenshot=shot)
    assert index.title == "ALPR records compared"
    assert index.console_errors == [] and cited.console_errors == []
    assert index.external_requests == [] and cited.external_requests == []
    assert index.requested and all(u.startswith("file://") for u in index.requested)
    assert index.svg_count == 5
    assert all(w > 300 and h > 100 for w, h in index.svg_sizes), index.svg_sizes
    assert "Harbor Bluff Police Department" in index.text
    from PIL import Image

    with Image.open(shot) as image:
        assert image.width == 1400 and image.height > 3000
        colors = image.convert("RGB").resize((200, 400)).getcolors(maxcolors=100_000)
        assert colors is not None and len(colors) > 50  # charts, not a blank page


@pytest.mark.skipif(browser_missing is not None, reason=str(browser_missing))
def test_the_browser_check_does_see_external_requests(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><title>leaky</title><img src="http://127.0.0.1:9/x.png">')
    (seen,) = visit([leaky])
    assert seen.external_requests == ["http://127.0.0.1:9/x.png"]
    assert seen.console_errors  # the failed load is logged
