"""The progress report a committee sends up for the monthly or quarterly
meeting (giao ban): written once as tables of typed cells, then rendered
as the HTML page, the XLSX file and the PDF, so the three always agree.

Layout (FORMS.md C.4, a proposal to validate with a user province): the
Party document header (36-HD/VPTW), "BÁO CÁO" with the period, then annexed
tables with one row per unit, counts and percentages, and a totals row."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from apps.common.templatetags.vn import pct, vdate
from apps.common.xlsx import keep_text
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from apps.targets.choices import Measure
from domain import statistics as st
from domain.admission import Stage
from domain.vietnamese import long_date, place_name

from .dashboard import Dashboard, Row, counts_by_range
from .labels import QUALITY_LABELS
from .tree import CLOSED

TEXT, INT, PCT = "text", "int", "pct"
TERRITORIAL = frozenset(
    {OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.WARD, OrgKind.SPECIAL_ZONE}
)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = INT


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class ReportPeriod:
    """A month (1–12), a quarter (q1–q4) or the whole year."""

    year: int
    code: str  # "1".."12", "q1".."q4", "year"

    @classmethod
    def parse(cls, year: int, code: str) -> ReportPeriod:
        code = (code or "year").lower()
        valid = {str(m) for m in range(1, 13)} | {"q1", "q2", "q3", "q4", "year"}
        if code not in valid:
            raise ValueError(code)
        return cls(year, code)

    @property
    def months(self) -> tuple[int, int]:
        if self.code == "year":
            return 1, 12
        if self.code.startswith("q"):
            q = int(self.code[1])
            return 3 * q - 2, 3 * q
        m = int(self.code)
        return m, m

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self) -> datetime.date:
        last = self.months[1]
        if last == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.code == "year":
            return _("Year {year}").format(year=self.year)
        if self.code.startswith("q"):
            return _("Quarter {q} of {year}").format(q=self.code[1], year=self.year)
        return _("Month {month} of {year}").format(month=int(self.code), year=self.year)


@dataclass
class Report:
    unit: Organization
    period: ReportPeriod
    day: datetime.date
    superior: str
    issuer: str
    place_line: str
    title: str
    subtitle: str
    as_of_line: str
    tables: list[Table]
    signer: str


def _row_name(row: Row, unit: Organization) -> str:
    if row.id == CLOSED:
        return _("Units merged or dissolved since")
    if row.id == unit.pk:
        return _("{unit} (directly)").format(unit=unit.name)
    return row.name


def issuer_name(unit: Organization) -> str:
    """The issuing body of the unit's documents (36-HD/VPTW header, second
    line): the committee of a party organisation, the cell itself."""
    place = place_name(unit.name)
    lowered = unit.name.lower()
    if unit.kind == OrgKind.PROVINCE and lowered.startswith("đảng bộ tỉnh"):
        return f"Tỉnh ủy {place}"
    if unit.kind == OrgKind.DISTRICT:
        if "thành phố" in lowered:
            return f"Thành ủy {place}"
        if "thị xã" in lowered:
            return f"Thị ủy {place}"
        return f"Huyện ủy {place}"
    if lowered.startswith("đảng bộ "):
        return "Đảng ủy " + unit.name[len("đảng bộ ") :]
    return unit.name


def place_of(unit: Organization) -> str:
    """The place on a document's date line: the unit's locality, or its
    nearest territorial ancestor's."""
    node: Organization | None = unit
    while node is not None and node.kind not in TERRITORIAL:
        node = node.parent
    return place_name((node or unit).name)


def build_report(dash: Dashboard, period: ReportPeriod, issued_on: datetime.date) -> Report:
    """The report of `dash`'s unit for `period`, dated `issued_on` (the day
    it is printed and signed; the figures stand as of the dashboard's day)."""
    unit = dash.unit
    tree = dash.tree
    end = min(period.end, dash.day)
    admissions_kind = next((k for k in dash.kinds if k.measure == Measure.ADMISSIONS), None)
    in_period = (
        counts_by_range(tree, Measure.ADMISSIONS, {"p": (period.start, end)})["p"]
        if end >= period.start
        else {}
    )
    rows = dash.rows or []

    # 1. Admissions against the targets
    t1 = Table(
        _("Table 1. Admissions against the targets"),
        [
            Column(_("No."), TEXT),
            Column(_("Unit"), TEXT),
            Column(_("Year target")),
            Column(_("Admitted in the period")),
            Column(_("Admitted since 1 January")),
            Column(_("Of the year target (%)"), PCT),
            Column(_("Term target")),
            Column(_("Admitted in the term")),
            Column(_("Of the term target (%)"), PCT),
        ],
    )

    def t1_cells(r: Row, period_count: int) -> list[Any]:
        if admissions_kind is None:
            return [None] * 7
        y = r.year[admissions_kind.code]
        t = r.term.get(admissions_kind.code)
        return [
            y.target,
            period_count,
            y.done,
            y.ratio,
            t.target if t else None,
            t.done if t else None,
            t.ratio if t else None,
        ]

    for i, r in enumerate(rows, 1):
        t1.rows.append([str(i), _row_name(r, unit), *t1_cells(r, in_period.get(r.id, 0))])
    t1.total = ["", _("Total"), *t1_cells(dash.total, sum(in_period.values()))]
    if dash.term is None:
        t1.note = _("No committee term covers this date; term columns are empty.")

    # 2. Quality of the year's new members
    groups = list(st.Quality)
    t2 = Table(
        _("Table 2. New members admitted since 1 January {year}").format(year=period.year),
        [
            Column(_("No."), TEXT),
            Column(_("Unit"), TEXT),
            Column(_("Total")),
            *[Column(str(QUALITY_LABELS[g])) for g in groups],
        ],
    )
    for i, r in enumerate(rows, 1):
        t2.rows.append(
            [str(i), _row_name(r, unit), r.quality.get("total", 0)]
            + [r.quality.get(g.value, 0) for g in groups]
        )
    q = dash.total.quality
    t2.total = ["", _("Total"), q.get("total", 0), *[q.get(g.value, 0) for g in groups]]
    t2.note = _("Share of the total: {shares}.").format(
        shares="; ".join(
            f"{QUALITY_LABELS[g]} {pct(st.share(q.get(g.value, 0), q.get('total', 0)))}"
            for g in groups
        )
    )

    # 3. The pipeline on the report's day
    stage_groups = [
        (_("Candidates"), [Stage.CANDIDATE]),
        (_("Trained"), [Stage.TRAINED]),
        (_("Preparing the dossier"), [Stage.DOSSIER]),
        (
            _("Being voted and decided"),
            [Stage.CELL_RESOLVED, Stage.APPRAISED, Stage.COMMITTEE_RESOLVED],
        ),
        (_("Awaiting the ceremony"), [Stage.ADMITTED]),
        (
            _("On probation"),
            [
                Stage.PROBATIONARY,
                Stage.RECOGNITION_CELL_RESOLVED,
                Stage.RECOGNITION_APPRAISED,
                Stage.RECOGNITION_COMMITTEE_RESOLVED,
                Stage.REMOVAL_PROPOSED,
            ],
        ),
    ]
    t3 = Table(
        _("Table 3. People in the admission process on {day}").format(day=vdate(dash.day)),
        [
            Column(_("No."), TEXT),
            Column(_("Unit"), TEXT),
            *[Column(str(label)) for label, _s in stage_groups],
            Column(_("Past a deadline")),
        ],
    )

    def t3_cells(r: Row) -> list[Any]:
        p = r.pipeline
        overdue = sum(v for k, v in p.items() if k.endswith(":overdue"))
        return [sum(p.get(s.value, 0) for s in stages) for _l, stages in stage_groups] + [overdue]

    for i, r in enumerate(rows, 1):
        t3.rows.append([str(i), _row_name(r, unit), *t3_cells(r)])
    t3.total = ["", _("Total"), *t3_cells(dash.total)]

    # 4. Probation
    t4 = Table(
        _("Table 4. Probationary members whose probation ended in {year}").format(year=period.year),
        [
            Column(_("No."), TEXT),
            Column(_("Unit"), TEXT),
            Column(_("Due")),
            Column(_("Recognised on time")),
            Column(_("Late")),
            Column(_("Within the deadline")),
            Column(_("Removed")),
        ],
    )
    keys = ["due", "on_time", "late", "pending", "removed"]
    for i, r in enumerate(rows, 1):
        t4.rows.append([str(i), _row_name(r, unit), *[r.probation.get(k, 0) for k in keys]])
    t4.total = ["", _("Total"), *[dash.total.probation.get(k, 0) for k in keys]]

    parent = unit.parent
    return Report(
        unit=unit,
        period=period,
        day=dash.day,
        superior=parent.name.upper() if parent else "",
        issuer=issuer_name(unit).upper(),
        place_line=f"{place_of(unit)}, {long_date(issued_on)}",
        title=_("REPORT"),
        subtitle=_("on the development of party members: {period}").format(
            period=period.label.lower()
        ),
        as_of_line=_("Figures as of {day}.").format(day=vdate(dash.day)),
        tables=[t1, t2, t3, t4],
        signer=signer_line(unit),
    )


def signer_line(unit: Organization) -> str:
    """ "T/M" + the body that signs (36-HD/VPTW: slash form, not "TM.")."""
    if unit.kind == OrgKind.CELL:
        return "T/M CHI BỘ"
    if unit.kind in (OrgKind.PROVINCE, OrgKind.DISTRICT):
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


# ------------------------------------------------------------ renderers


def to_xlsx(report: Report) -> bytes:
    """One sheet: the header lines, then each table with its totals row.
    Counts are numbers; percentages are numbers shown with one decimal."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Report")[:31]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def append(values: list[Any]) -> Any:
        # Every row goes through keep_text: unit names and labels come from
        # people's input, and one starting with = + - @ must stay text.
        sheet.append(values)
        keep_text(sheet[sheet.max_row])
        return sheet[sheet.max_row]

    append([report.superior, None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
    append([report.issuer, None, None, None, None, report.place_line])
    sheet.append([])
    append([report.title])
    append([report.subtitle])
    append([report.as_of_line])
    for cell in (sheet["A2"], sheet["F1"], sheet["A4"]):
        cell.font = Font(bold=True)
    sheet["F2"].font = Font(italic=True)
    for table in report.tables:
        sheet.append([])
        append([table.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for cell in append([c.label for c in table.columns]):
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = box
        for values in [*table.rows, table.total]:
            row = append([_xlsx_value(v) for v in values])
            is_total = values is table.total
            for col, cell in zip(table.columns, row, strict=False):
                cell.border = box
                if is_total:
                    cell.font = Font(bold=True)
                if col.kind == INT:
                    cell.number_format = "#,##0"
                elif col.kind == PCT:
                    cell.number_format = "0.0"
        if table.note:
            append([table.note])
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for i in range(3, 16):
        sheet.column_dimensions[get_column_letter(i)].width = 14
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/report_print.html", {"report": report})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
