"""Typed errors of the text stage.

They are raised inside the stage and turned into `Failure` rows at its boundary
(`extract_texts`), using the class name as `error_class`, so a reporter reading the
failures table sees e.g. "EncryptedPDF" with a message saying what to do.
"""

from __future__ import annotations


class TextStageError(Exception):
    """Base class: something in one document or page could not be turned into text."""

    @property
    def error_class(self) -> str:
        return type(self).__name__


class EncryptedPDF(TextStageError):
    """The PDF needs a password to open."""


class CorruptPDF(TextStageError):
    """The PDF cannot be parsed (damaged, truncated or not really a PDF)."""


class EmptyPDF(TextStageError):
    """The PDF opens but has no pages."""


class CorruptPage(TextStageError):
    """One page of an otherwise readable PDF cannot be loaded."""


class PageTooLarge(TextStageError):
    """Rendering the page for OCR would exceed the pixel budget even at the lowest dpi."""


class OcrTimeout(TextStageError):
    """Tesseract did not finish the page within the time limit."""


class FileTimeout(TextStageError):
    """The file ran past its time limit; its remaining pages were not read."""


class OcrError(TextStageError):
    """Tesseract failed on the page."""


class ImageTooLarge(TextStageError):
    """An image file is larger than the decompression-bomb limit."""


class UnreadableImage(TextStageError):
    """An image file cannot be decoded."""


class CorruptDocument(TextStageError):
    """A DOCX/XLSX/CSV/text file cannot be read."""


class UnsupportedFile(TextStageError):
    """The file type has no text extractor."""
