"""Whether a document is a search-audit export, asked once per document.

The dispatcher asks to route the document (audit parser or spaCy pipeline) and the
classifier asks again to weigh `audit_log` as a doc type. The detector reads every
page, which made it half of classification's time on the corpus, so the answer is
remembered for the last few documents. The key is the document's hash and the
length of each page text, so a document re-read with other text is asked again.
"""

from __future__ import annotations

import threading

from pipeline.extract.audit_logs import detect_audit_log
from pipeline.records import DocumentText

MEMO_SIZE = 512

_memo: dict[tuple[str, tuple[int, ...]], bool] = {}
_lock = threading.Lock()


def _key(doc: DocumentText) -> tuple[str, tuple[int, ...]]:
    return doc.source.doc_id, tuple(len(page.text) for page in doc.pages)


def audit_log_detected(doc: DocumentText) -> bool:
    """`detect_audit_log(doc)`, remembered; its exceptions propagate and are not kept."""
    key = _key(doc)
    with _lock:
        known = _memo.get(key)
    if known is not None:
        return known
    found = bool(detect_audit_log(doc))
    with _lock:
        _memo[key] = found
        while len(_memo) > MEMO_SIZE:
            _memo.pop(next(iter(_memo)))
    return found
