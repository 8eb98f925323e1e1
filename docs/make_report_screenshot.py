"""Regenerate docs/report.png: the HTML report as headless Chromium renders it.

Usage (from the repository root):

    .venv/bin/python -m docs.make_report_screenshot -w warehouse/foia.duckdb  # after make demo
    .venv/bin/python -m docs.make_report_screenshot      # hand-made rows, no pipeline needed

The committed picture shows the sample batch (`make demo`). Without --warehouse
the report is built from the hand-written rows in tests/comparison_data.py (three
agencies in two states, an audit log), the warehouse the report tests use, minus
the deliberately hostile document. The image is cropped just below the last chart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-w", "--warehouse", type=Path, help="warehouse to report on")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument(
        "--max-height",
        type=int,
        default=-1,
        help="crop to this height in px; -1 = just below the last chart, 0 = whole page",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.report import write_report
    from tests.comparison_data import build_comparison_warehouse
    from tests.report_browser import browser_available, visit

    missing = browser_available()
    if missing:
        print(f"cannot take the screenshot: {missing}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="foia-report-") as tmp:
        warehouse = args.warehouse or build_comparison_warehouse(
            Path(tmp) / "sample.duckdb", hostile=False
        )
        files = write_report(warehouse.resolve(), Path(tmp) / "report")
        (seen,) = visit([files.index], screenshot=args.out, width=args.width)
    if seen.console_errors or seen.external_requests:
        print(
            f"console errors: {seen.console_errors}\nexternal: {seen.external_requests}",
            file=sys.stderr,
        )
        return 1
    height = seen.charts_bottom + 40 if args.max_height < 0 else args.max_height
    if height > 0:
        from PIL import Image

        with Image.open(args.out) as image:
            cropped = image.crop((0, 0, image.width, min(image.height, height)))
        cropped.save(args.out, optimize=True)
    print(f"wrote {args.out} ({seen.svg_count} charts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
