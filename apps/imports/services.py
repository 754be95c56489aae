"""The life of an import: upload (file checked, job recorded, rows checked
by a dry run), decisions on the questioned rows, commit. Files above
IMPORT_BACKGROUND_ROWS rows are checked and written in a background thread;
their progress goes to the cache (the database transaction that writes the
rows cannot show it before it commits)."""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import threading
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from apps.audit.models import AuditAction
from apps.audit.services import created, record
from apps.common import clock
from apps.common.xlsx import keep_text

from .columns import kinds
from .engine import ASK, CREATE, ERROR, SKIP, UPDATE, HeaderError, Importer, locate_header
from .models import ImportJob, ImportMode, ImportStatus
from .reading import FileRejected, Table, read_table

logger = logging.getLogger(__name__)
JOB_FIELDS = ["kind", "file_name", "sha256", "size", "status"]


def preview_rows() -> int:
    """How many rows the preview shows as they will be saved (setting
    IMPORT_PREVIEW_ROWS); rows with an error, a question or a note are
    always shown."""
    return int(getattr(settings, "IMPORT_PREVIEW_ROWS", 200))


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", 3000))


def progress_key(job_id: int) -> str:
    return f"import:{job_id}:progress"


def progress(job_id: int) -> tuple[int, int]:
    value = cache.get(progress_key(job_id))
    return (int(value[0]), int(value[1])) if value else (0, 0)


@transaction.atomic
def upload(*, by: Any, kind: str, file_name: str, data: bytes) -> ImportJob:
    """Record the upload and check its rows (now, or in the background for
    a large file). A file that cannot be read is recorded as refused, with
    the reason, and nothing else happens: its content is never stored (it
    may hold citizen IDs). The size is checked first, then the content,
    before the file is stored."""
    if kind not in kinds():
        raise ValidationError({"kind": _("Choose what the file holds.")})
    job = ImportJob(
        kind=kind,
        created_by=by,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        status=ImportStatus.CHECKING,
    )
    try:
        table = read_table(data, file_name)
        importer = Importer(kind, table, by)  # the header is checked now
    except (FileRejected, HeaderError) as exc:
        job.status = ImportStatus.REJECTED
        job.message = exc.message
        job.save()
        record(by, AuditAction.CREATE, job, created(job, JOB_FIELDS), note=exc.message)
        return job
    job.rows_total = len(importer.rows)  # under the header, blank rows left out
    job.file.save(f"{job.sha256[:16]}-{file_name[-80:]}", ContentFile(data), save=False)
    try:
        job.save()
        record(by, AuditAction.CREATE, job, created(job, JOB_FIELDS))
        if job.rows_total > background_rows():
            transaction.on_commit(lambda: _start(job.pk, commit=False))
        else:
            run(job.pk, commit=False)
            job.refresh_from_db()
    except BaseException:
        job.file.delete(save=False)  # the job is rolled back: keep no file
        raise
    return job


def commit(job: ImportJob, *, by: Any, mode: str, decisions: dict[str, str]) -> ImportJob:
    """Write the rows. Every questioned row needs an answer first; with
    "all or nothing", any row with an error keeps the whole file out."""
    if job.status != ImportStatus.CHECKED:
        raise ValidationError(_("This import is not waiting for a decision."))
    if not job.file:
        raise ValidationError(purged_message())
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Choose how to import: all rows or only the valid ones.")})
    # each question takes its own answers (a namesake: add or leave out; a
    # citizen ID recorded under another name: the same person, or leave out)
    options = {
        str(p["row"]): set(p.get("options") or (CREATE, SKIP))
        for p in job.problems
        if p["action"] == ASK
    }
    asked = set(options)
    missing = sorted((row for row in asked if decisions.get(row) not in options[row]), key=int)
    if missing:
        raise ValidationError(
            _("Answer the question on rows {rows}: choose one of the answers offered.").format(
                rows=", ".join(missing)
            )
        )
    if mode == ImportMode.ALL_OR_NOTHING and job.counts.get(ERROR):
        raise ValidationError(
            _(
                "{n} rows have errors: fix the file and upload it again, or import only the valid rows."
            ).format(n=job.counts[ERROR])
        )
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        job.status = ImportStatus.WRITING
        job.mode = mode
        job.decisions = {k: v for k, v in decisions.items() if k in asked}
        job.save()
        record(
            by, AuditAction.UPDATE, job, {"status": ["checked", "writing"], "mode": [None, mode]}
        )
        if job.rows_total > background_rows():
            transaction.on_commit(lambda: _start(job.pk, commit=True))
    if job.rows_total <= background_rows():
        run(job.pk, commit=True)
    job.refresh_from_db()
    return job


def keep_days() -> int:
    """How many days an uploaded file is kept (setting IMPORT_KEEP_DAYS)."""
    return int(getattr(settings, "IMPORT_KEEP_DAYS", 30))


def purged_message() -> str:
    return _(
        "The file of this import was deleted {days} days after it was uploaded: rosters hold "
        "personal data and are not kept longer. Upload the file again."
    ).format(days=keep_days())


def purge(*, by: Any = "manage.py purge_imports") -> tuple[int, int]:
    """Delete the stored files of imports uploaded more than keep_days()
    ago, and of refused imports whatever their age (older versions kept
    them), each in its own transaction with an audit row; the jobs stay,
    with their counts, checksum and messages. Then delete files under
    imports/ that no job names (left by a rolled-back upload) once they
    are a day old. Returns (files of jobs deleted, stray files deleted)."""
    cutoff = clock.now() - datetime.timedelta(days=keep_days())
    old = ImportJob.objects.exclude(file="").filter(
        Q(created_at__lt=cutoff) | Q(status=ImportStatus.REJECTED)
    )
    purged = 0
    for pk in old.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=pk)
            if not job.file:
                continue
            name = job.file.name
            job.file.delete(save=False)
            job.file = ""
            job.save(update_fields=["file"])
            record(by, AuditAction.UPDATE, job, {"file": [name, None]}, note="purged")
            purged += 1
    return purged, _purge_strays(clock.now() - datetime.timedelta(days=1))


def _purge_strays(before: datetime.datetime) -> int:
    storage = ImportJob._meta.get_field("file").storage
    known = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    removed = 0
    folders = ["imports"]
    while folders:
        folder = folders.pop()
        if not storage.exists(folder):
            continue
        subfolders, files = storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        for name in files:
            path = f"{folder}/{name}"
            if path not in known and storage.get_modified_time(path) < before:
                storage.delete(path)
                removed += 1
    return removed


def _start(job_id: int, *, commit: bool) -> None:
    thread = threading.Thread(target=_in_thread, args=(job_id, commit), daemon=True)
    thread.start()
    if getattr(settings, "IMPORT_JOIN_THREADS", False):  # tests wait for the result
        thread.join()


def _in_thread(job_id: int, commit: bool) -> None:
    close_old_connections()
    try:
        run(job_id, commit=commit)
    except Exception:
        logger.exception("import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            message=_("The import stopped on an unexpected error; nothing was written."),
            finished_at=clock.now(),
        )
        from apps.deadlines import notify

        notify.import_finished(ImportJob.objects.get(pk=job_id), failed=True)
        raise
    finally:
        close_old_connections()


def run(job_id: int, *, commit: bool) -> None:
    """Check (commit=False) or write (commit=True) the rows of a job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.file:  # purged before it could run (resume_imports after a long stop)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, message=purged_message(), finished_at=clock.now()
        )
        return
    job.file.open("rb")
    try:
        data = job.file.read()
    finally:
        job.file.close()
    table = read_table(data, job.file_name)

    def report(done: int, total: int) -> None:
        cache.set(progress_key(job.pk), (done, total), 3600)

    importer = Importer(job.kind, table, job.created_by, decisions=job.decisions, progress=report)
    result = importer.run(commit=commit, mode=job.mode or ImportMode.ALL_OR_NOTHING)
    counts = {k: result.counts.get(k, 0) for k in (CREATE, UPDATE, SKIP, ERROR, ASK)}
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        before = job.status
        job.counts = counts
        job.problems = result.problems
        job.preview = result.preview(preview_rows())
        job.notes = result.notes
        if not commit:
            job.status = ImportStatus.CHECKED
        else:
            kept_out = counts[ERROR] or counts[ASK]
            job.status = (
                ImportStatus.FAILED
                if kept_out and job.mode == ImportMode.ALL_OR_NOTHING
                else ImportStatus.DONE
            )
            job.finished_at = clock.now()
        job.save()
        record(
            job.created_by,
            AuditAction.UPDATE,
            job,
            {"status": [before, job.status], "counts": [None, counts]},
        )
        if commit:
            from apps.deadlines import notify

            notify.import_finished(job, failed=job.status == ImportStatus.FAILED)


# ------------------------------------------------------------ workbooks


def template_workbook(kind_code: str) -> bytes:
    """The template of one kind: the header, an example row, and a notes
    sheet explaining each column and its allowed values."""
    kind = kinds()[kind_code]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append([c.header + (" *" if c.required else "") for c in kind.columns])
    sheet.append([c.example for c in kind.columns])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
        cell.number_format = "@"  # typed text stays text (CCCD, dates)
    for i, column in enumerate(kind.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(
            14, len(column.header) + 4
        )
    notes = book.create_sheet("Ghi chú")
    notes.append(["Cột", "Bắt buộc", "Cách ghi", "Giá trị được chấp nhận"])
    for cell in notes[1]:
        cell.font = bold
    for column in kind.columns:
        allowed = "; ".join(label for _c, label in column.choices) if column.choices else ""
        notes.append([column.header, "có" if column.required else "", column.note, allowed])
    notes.append([])
    notes.append(
        [
            "Dòng 2 của trang “Danh sách” là dòng ví dụ: xóa hoặc ghi đè trước khi tải lên. "
            "Ngày ghi dd/mm/yyyy (hoặc ô kiểu ngày của Excel). Đảng viên đã có (trùng số CCCD) "
            "được cập nhật; cột để trống không xóa thông tin đã có."
        ]
    )
    notes.column_dimensions["A"].width = 36
    notes.column_dimensions["C"].width = 40
    notes.column_dimensions["D"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors_workbook(job: ImportJob) -> bytes:
    """The uploaded sheet as it was (blank rows kept in place), with one
    column for each error of a row ("Lỗi", "Lỗi (2)", …) and the question
    asked about it, to correct and upload again."""
    job.file.open("rb")
    try:
        table: Table = read_table(job.file.read(), job.file_name)
    finally:
        job.file.close()
    by_row = {p["row"]: p for p in job.problems}
    notes = {
        number: [f"{col}: {msg}" if col else msg for col, msg in p["errors"]]
        + ([p["question"]] if p["question"] else [])
        for number, p in by_row.items()
    }
    width = max((len(n) for n in notes.values()), default=0) or 1
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    red = PatternFill("solid", fgColor="FDE2E1")
    numbers = table.numbers or list(range(1, len(table.rows) + 1))
    rows = [list(r) for r in table.rows]
    Importer.convert_legacy_rows(rows)  # the header is found as the import found it
    header = locate_header(kinds()[job.kind], rows)
    written = 0
    for offset, values in enumerate(table.rows):
        number = numbers[offset]
        while written < number - numbers[0]:  # the blank rows, kept in place
            sheet.append([])
            written += 1
        if offset == header:
            extra = ["Lỗi", *(f"Lỗi ({i})" for i in range(2, width + 1))]
        else:
            extra = notes.get(number, [])
        sheet.append([*values, *extra])
        written += 1
        keep_text(sheet[written])
        if number in by_row:
            for cell in sheet[written]:
                cell.fill = red
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
