"""Rebuild `words.txt`, the English word list behind the text-layer wordness test.

The list is derived from the word dictionary inside tesseract's own English model
(tesseract-ocr-eng, Apache-2.0), which the project installs anyway for OCR. That
keeps the list reproducible from a system package instead of a hand-kept file, and
gives the same vocabulary OCR itself prefers. Only all-lowercase entries of 2-20
ASCII letters are kept: capitalised-only entries are mostly names and acronyms,
which would make random letter soup look like words.

Run: ``python -m pipeline.text.build_words`` (needs `combine_tessdata` and
`dawg2wordlist`, both shipped with Debian's tesseract-ocr package).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS_PATH = Path(__file__).with_name("words.txt")
TESSDATA_CANDIDATES = (
    Path("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata/eng.traineddata"),
)
HEADER = (
    "# Lowercase English words for the text-layer wordness test (pipeline/text/quality.py).\n"
    "# Derived from the LSTM word dictionary of tesseract-ocr-eng (Apache-2.0);\n"
    "# rebuild with: python -m pipeline.text.build_words\n"
)
_KEEP = re.compile(r"[a-z]{2,20}")


def select_words(lines: list[str]) -> list[str]:
    """Lowercase-only dictionary entries, deduplicated and sorted."""
    return sorted({w for w in (line.strip() for line in lines) if _KEEP.fullmatch(w)})


def dump_tesseract_words(traineddata: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "eng."
        subprocess.run(
            ["combine_tessdata", "-u", str(traineddata), str(prefix)],
            check=True,
            capture_output=True,
        )
        out = Path(tmp) / "words"
        subprocess.run(
            [
                "dawg2wordlist",
                f"{prefix}lstm-unicharset",
                f"{prefix}lstm-word-dawg",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        return out.read_text(encoding="utf-8").splitlines()


def main() -> int:
    found = next((p for p in TESSDATA_CANDIDATES if p.exists()), None)
    if found is None:
        sys.stderr.write("eng.traineddata not found; install tesseract-ocr-eng\n")
        return 1
    words = select_words(dump_tesseract_words(found))
    WORDS_PATH.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    sys.stdout.write(f"{len(words)} words -> {WORDS_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
