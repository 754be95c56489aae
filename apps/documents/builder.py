"""The built-in templates: Word documents written with python-docx, holding
docxtpl (Jinja) placeholders, in the layout of Hướng dẫn 36-HD/VPTW — the
two-column header ("ĐẢNG CỘNG SẢN VIỆT NAM" over a rule, the place and
date in italics; the bodies on the left over a "*"), the title, the body,
and the signature block with "T/M". Administrators can download one,
change its wording in Word, and upload it as a new version."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"


@dataclass(frozen=True)
class Para:
    """A body paragraph: text with {{ placeholders }}; `bold`/`center` for
    headings such as "QUYẾT ĐỊNH"; `loop` repeats it for each item of a
    list in the context (docxtpl {%p for %})."""

    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False
    loop: str = ""


@dataclass(frozen=True)
class Layout:
    title: str
    subtitle: str = ""
    numbered: bool = True  # "Số …" under the issuing body
    by_person: bool = False  # written by a person: no issuing body, signed by them
    body: tuple[Para, ...] = ()
    recipients: tuple[str, ...] = ()
    signer_lines: tuple[str, ...] = field(default=("{{ signer_body }}", "{{ signer_title }}"))


def _font(run: object, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT  # type: ignore[attr-defined]
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.italic = italic  # type: ignore[attr-defined]
    r_pr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _line(
    cell_or_doc: object,
    text: str,
    size: float = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = True,
    space_after: float = 0,
) -> object:
    paragraph = cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _rule_under(paragraph: object) -> None:
    """The solid rule under "ĐẢNG CỘNG SẢN VIỆT NAM" (36-HD/VPTW)."""
    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def build(layout: Layout) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(35), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    left, right = head.rows[0].cells
    left._element.remove(left.paragraphs[0]._p)
    right._element.remove(right.paragraphs[0]._p)
    if layout.by_person:
        _line(left, "")
    else:
        _line(left, "{{ superior_upper }}", 14)
        _line(left, "{{ issuer_upper }}", 14, bold=True)
        _line(left, "*", 14)
        if layout.numbered:
            _line(left, "Số {{ number }}", 14)
    party = _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
    _rule_under(party)
    _line(right, "{{ place }}, {{ date_line }}", 14, italic=True)

    _line(doc, "", 14)
    _line(doc, layout.title, 16, bold=True)
    if layout.subtitle:
        _line(doc, layout.subtitle, 14, bold=True, space_after=12)
    for para in layout.body:
        if para.loop:
            _line(doc, "{%p for item in " + para.loop + " %}", 14, center=False)
        _line(
            doc,
            para.text,
            14,
            bold=para.bold,
            italic=para.italic,
            center=para.center,
            space_after=6,
        )
        if para.loop:
            _line(doc, "{%p endfor %}", 14, center=False)

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    left._element.remove(left.paragraphs[0]._p)
    right._element.remove(right.paragraphs[0]._p)
    if layout.recipients:
        _line(left, "Nơi nhận:", 12, bold=True, italic=True, center=False)
        for recipient in layout.recipients:
            _line(left, "- " + recipient, 11, center=False)
    else:
        _line(left, "")
    for text in layout.signer_lines:
        _line(right, text, 14, bold=True)
    _line(right, "", 14)
    _line(right, "", 14)
    _line(right, "{{ signer_name }}", 14, bold=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
