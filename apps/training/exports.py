"""The class's papers: the attendance sheet (XLSX), the class list and the
certificate list (PDF, A4, Vietnamese text in a Times-like font)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.common.xlsx import workbook

from .choices import EnrolmentStatus
from .models import Attendance, TrainingClass
from .selectors import participants


def others_line(hidden: int) -> str:
    """The line that stands for the participants the reader may not see."""
    return ngettext(
        "and {n} participant of other units",
        "and {n} participants of other units",
        hidden,
    ).format(n=hidden)


def attendance_xlsx(klass: TrainingClass, user: Any) -> bytes:
    """The attendance sheet of the accepted participants the user may see
    (every one for the provider's staff); the others as a count."""
    sessions = list(klass.sessions.all())
    shown = participants(
        user,
        klass,
        klass.enrolments.filter(status=EnrolmentStatus.ACCEPTED).select_related(
            "person", "case__organization"
        ),
    )
    accepted = list(shown.rows)
    marks = {
        (a.session_id, a.enrolment_id): a.present
        for a in Attendance.objects.filter(session__in=sessions)
    }
    header = [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Cell"),
        *[s.date.strftime("%d/%m/%Y") for s in sessions],
        _("Days present"),
        _("Result"),
        _("Mark"),
    ]
    rows = []
    for i, e in enumerate(accepted, start=1):
        present = [marks.get((s.pk, e.pk), False) for s in sessions]
        rows.append(
            [
                i,
                e.person.full_name,
                e.person.date_of_birth,
                e.case.organization.name if e.case else "",
                *present,
                sum(present),
                e.get_result_display() if e.result else "",
                float(e.mark) if e.mark is not None else None,
            ]
        )
    if shown.hidden:
        rows.append(["", others_line(shown.hidden)])
    return workbook(_("Attendance"), header, rows)


def class_pdf(klass: TrainingClass, user: Any, *, certificates: bool) -> bytes:
    """The class list (accepted participants) or the list of certificates
    issued, with the rows the user may see and the others as a count."""
    from weasyprint import HTML

    enrolments = klass.enrolments.select_related(
        "person__membership__organization", "case__organization", "nominated_by"
    )
    if certificates:
        # numbers were given in name order on each date
        enrolments = enrolments.filter(certificate_on__isnull=False).order_by(
            "certificate_on", "person__sort_key"
        )
    else:
        enrolments = enrolments.filter(status=EnrolmentStatus.ACCEPTED)
    shown = participants(user, klass, enrolments)
    html = render_to_string(
        "training/class_print.html",
        {
            "klass": klass,
            "enrolments": shown.rows,
            "others": others_line(shown.hidden) if shown.hidden else "",
            "certificates": certificates,
            "sessions": klass.sessions.all(),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
