"""Hotlists: the watch lists a plate-reader system compares plates against.

Names come from the `hotlist_ruler` SpanRuler (models/patterns/hotlists.jsonl),
whose pattern ids are canonical list names ("NCIC Immigration Violator File" for
"Immigration Violator"). One fact per list and page, quoting the first sentence
that names it, is enough to show which lists an agency loads.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.facts import Fact, add_facts, quote_bounds
from pipeline.extract.sentences import SentenceIndex

TABLE = "hotlists"


class Hotlists:
    """One fact per distinct hotlist named on the page."""

    def __init__(self, spans_key: str, max_quote: int) -> None:
        self.spans_key = spans_key
        self.max_quote = max_quote

    def __call__(self, doc: Doc) -> Doc:
        if self.spans_key not in doc.spans:
            return doc
        text = doc.text  # Doc.text joins every token: read it once
        seen: set[str] = set()
        facts: list[Fact] = []
        index = SentenceIndex(doc)
        spans = sorted(doc.spans[self.spans_key], key=lambda s: (s.start, -(s.end - s.start)))
        for span in spans:
            name = span.id_ or text[span.start_char : span.end_char]
            if name in seen:
                continue
            seen.add(name)
            sent = index.at(span.start_char)
            qs, qe = quote_bounds(
                text,
                sent.start_char,
                sent.end_char,
                span.start_char,
                span.end_char,
                self.max_quote,
            )
            facts.append(Fact(TABLE, qs, qe, {"hotlist": name}, "rule", 0.9))
        add_facts(doc, facts)
        return doc


@Language.factory("hotlists", default_config={"spans_key": "hotlists", "max_quote": 300})
def make_hotlists(nlp: Language, name: str, spans_key: str, max_quote: int) -> Hotlists:
    return Hotlists(spans_key, max_quote)
