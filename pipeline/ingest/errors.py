"""Typed errors for the expected ways an input file cannot be ingested.

Each class name is the `error_class` of the failures row it becomes, so a reporter
can filter on it; the message says what was found and, where it helps, what to do.
They are raised inside the stage and caught at the per-file boundary in `scan`, so
one bad file never stops a batch.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base for every expected ingest problem; the subclass name is the error class."""

    @property
    def error_class(self) -> str:
        return type(self).__name__


class EmptyFile(IngestError):
    """A zero-byte file: nothing to read, but the reporter should know it arrived empty."""


class UnsupportedFileType(IngestError):
    """The bytes are not one of the types the text stage can read."""


class SymlinkOutsideBatch(IngestError):
    """A symbolic link leads out of the batch folder; following it could read anything."""


class BrokenSymlink(IngestError):
    """A symbolic link whose target is missing or loops."""


class NotARegularFile(IngestError):
    """A FIFO, socket or device node; opening one could block or read forever."""


class CorruptZip(IngestError):
    """The archive's central directory or a member's data cannot be read."""


class UnsafeZipMember(IngestError):
    """A member name that would escape an extraction folder (absolute, drive, ``..``) or a link."""


class EncryptedZipMember(IngestError):
    """A password-protected member: the bytes cannot be read without the password."""


class UnsupportedZipCompression(IngestError):
    """A member compressed with a method Python's zipfile cannot decode."""


class ZipBomb(IngestError):
    """Uncompressed bytes out of proportion to compressed bytes (a decompression bomb)."""


class ZipTooLarge(IngestError):
    """The archive's members together exceed the total uncompressed-size cap."""


class ZipMemberTooLarge(IngestError):
    """One member exceeds the per-member uncompressed-size cap."""


class ZipTooManyMembers(IngestError):
    """The archive (with its nested archives) holds more entries than the cap."""


class ZipNestedTooDeep(IngestError):
    """An archive nested deeper than the depth cap; it is not expanded."""
