"""Loading the extraction pipeline shipped in models/extractor/.

The pipeline is built once by `build_models` (make models) from models/config.cfg,
the pattern files and the training data, and saved with `nlp.to_disk`; at run time
it is only loaded, never downloaded or trained. Importing this module registers
the project's component factories, which `spacy.load` needs to rebuild the
pipeline from its saved config.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import (  # noqa: F401  (imports register the component factories)
    contract_terms,
    denials,
    hotlists,
    retention,
    sentences,
    sharing,
    vendors,
)
from pipeline.extract.sentences import LINE_STARTS, PARAGRAPH_STARTS
from pipeline.extract.textmap import Span, TextMap, normalize_page

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
EXTRACTOR_DIR = MODELS_DIR / "extractor"


class ModelNotBuiltError(RuntimeError):
    """models/extractor/ is missing: the pipeline has to be built with `make models`."""


@cache
def _load(path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise ModelNotBuiltError(
            f"no spaCy pipeline at {path}; build it with "
            "`python -m pipeline.extract.build_models` (make models)"
        )
    return spacy.load(path)


def load_nlp(path: Path | None = None) -> Language:
    """The extraction pipeline (loaded once per process and path)."""
    return _load((path or EXTRACTOR_DIR).resolve())


CHUNK_CHARS = 200_000


def page_doc(nlp: Language, page_text: str, skip: Iterable[Span] = ()) -> tuple[Doc, TextMap]:
    """A Doc over the normalised page text, carrying its line layout for `page_sentences`.

    `skip` spans (page furniture) are left out of what the components read.
    """
    text_map = normalize_page(page_text, skip)
    return _doc(nlp, text_map, 0, len(text_map.text)), text_map


def page_docs(
    nlp: Language, page_text: str, chunk_chars: int = CHUNK_CHARS, skip: Iterable[Span] = ()
) -> tuple[list[tuple[Doc, int]], TextMap]:
    """Docs over the normalised page, each with its offset into the normalised text.

    A "page" can be a whole e-mail export or text file; spaCy refuses texts over
    `nlp.max_length` and memory grows with length, so long pages are cut at a
    sentence end (or a space) into chunks of at most `chunk_chars`. `skip` spans
    (page furniture) are left out of what the components read.
    """
    text_map = normalize_page(page_text, skip)
    text = text_map.text
    limit = max(1000, min(chunk_chars, nlp.max_length))
    docs: list[tuple[Doc, int]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind(". ", start, end)
            cut = cut + 1 if cut > start else text.rfind(" ", start, end)
            end = cut if cut > start else end
        docs.append((_doc(nlp, text_map, start, end), start))
        start = end + 1 if end < len(text) and text[end] == " " else end
    return docs, text_map


def _doc(nlp: Language, text_map: TextMap, start: int, end: int) -> Doc:
    doc = nlp.make_doc(text_map.text[start:end])
    if start == 0 and end == len(text_map.text):
        doc.user_data[LINE_STARTS] = text_map.line_starts
        doc.user_data[PARAGRAPH_STARTS] = text_map.paragraph_starts
    else:
        doc.user_data[LINE_STARTS] = frozenset(
            o - start for o in text_map.line_starts if start <= o < end
        )
        doc.user_data[PARAGRAPH_STARTS] = frozenset(
            o - start for o in text_map.paragraph_starts if start <= o < end
        )
    return doc
