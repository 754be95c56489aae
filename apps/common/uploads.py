"""Uploaded files, before anything is stored or parsed (security issue #11,
finding 6): kept in memory only, never in a temporary file, cut off past
the largest size any form accepts, and recognised by their first bytes
rather than by their names.

Each use has its own limit (settings IMPORT_MAX_BYTES, SCAN_MAX_BYTES,
TEMPLATE_MAX_BYTES), checked by its service with `check_size`; the upload
handler stops keeping a file past UPLOAD_MAX_BYTES, the largest of them,
so a 40 MB file costs the server no more than that while the request is
read, and nothing of it reaches the disk."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

MB = 1024 * 1024

# First bytes of the kinds of file people upload (magic numbers).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),  # .docx, .xlsx, .zip
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),  # .doc, .xls, encrypted Office files
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def content_kind(head: bytes) -> str:
    """The kind of a file from its first bytes: "pdf", "jpeg", "png", "zip",
    "ole2", "gif", "tiff", or "" when none of them."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return ""


def megabytes(size: int) -> str:
    """A size in bytes as megabytes the Vietnamese way ("40,2")."""
    return f"{size / MB:.1f}".replace(".", ",")


def too_large(file_name: str, size: int, limit: int) -> str:
    """The message for a file above its limit (sizes in bytes)."""
    return _(
        "The file “{name}” is {size} MB; the limit is {limit} MB. Make it smaller, "
        "then upload it again."
    ).format(name=file_name, size=megabytes(size), limit=megabytes(limit))


def check_size(upload: Any, limit: int) -> None:
    """Raise ValidationError if the uploaded file `upload` is above `limit`
    bytes; call it before reading the file."""
    if upload.size > limit:
        raise ValidationError(too_large(upload.name, upload.size, limit))


SCAN_KINDS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}


def check_scan(upload: Any) -> Any:
    """Check a scanned document before it is stored: at most SCAN_MAX_BYTES
    (20 MB), and a PDF, JPEG or PNG by its content (first bytes), whatever
    its name says. Returns it with the extension of what it is, so it is
    never served as anything else. Raises ValidationError on "file"."""
    limit = int(getattr(settings, "SCAN_MAX_BYTES", 20 * MB))
    name = upload.name or ""
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _(
                    "Scanned file “{name}”: {size} MB, above the limit of {limit} MB. Scan the "
                    "document again at a lower resolution (150–200 dpi is enough to read it), "
                    "then upload it again."
                ).format(name=name, size=megabytes(upload.size), limit=megabytes(limit))
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = content_kind(head)
    if kind not in SCAN_KINDS:
        found = {
            "zip": _("a Word or Excel document, or a ZIP archive"),
            "ole2": _("an old-format Word or Excel document"),
            "gif": _("a GIF image"),
            "tiff": _("a TIFF image"),
        }.get(kind, _("of an unknown kind"))
        raise ValidationError(
            {
                "file": _(
                    "Scanned file “{name}”: its content is {found}, not a PDF, JPEG or PNG file "
                    "(the content is checked, not the name). Scan the document as PDF, JPEG or "
                    "PNG, then upload it again."
                ).format(name=name, found=found)
            }
        )
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "scan"
    upload.name = stem + SCAN_KINDS[kind]
    return upload


def upload_max_bytes() -> int:
    """The largest file any form accepts, in bytes."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * MB))


class TooLargeUpload(UploadedFile):
    """What the form receives for a file above UPLOAD_MAX_BYTES: its name
    and true size, and no content (it was dropped as it arrived)."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size)


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory up to UPLOAD_MAX_BYTES; past that,
    drops what arrives and hands the form a TooLargeUpload, so the service
    refuses it by its size. Replaces Django's handlers, which write files
    above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file."""

    chunk_size = 64 * 1024

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.limit = upload_max_bytes()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.buffer is not None:
            if start + len(raw_data) > self.limit:
                self.buffer = None  # what was kept is dropped too
            else:
                self.buffer.write(raw_data)
        return None  # no other handler sees the data

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.buffer is None:
            return TooLargeUpload(self.file_name or "", file_size, self.content_type)
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
