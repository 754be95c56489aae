"""The columns of each import template and how a cell becomes a value.

Headers are matched ignoring case, diacritics, spacing, a trailing "*" and
anything in brackets ("Ngày sinh (dd/mm/yyyy)" is "ngay sinh"). Values
accept what rosters really hold: dates as dd/mm/yyyy text or date cells;
composed or decomposed Unicode; stray spaces; names in capitals; numbers
stored as text or text stored as numbers.

Nothing ambiguous is guessed (docs/imports.md): a year alone, a two-digit
year, a day that does not exist, a small number where a date belongs are
refused with what was read and what to write. A value read in the one way
it can be read but not as written (a date cell that lost its format, a
phone or citizen ID that lost its leading 0) comes back as `Noted`, and the
preview shows the note beside the row."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from apps.admissions.choices import SourceOrg, Stage
from apps.members.choices import (
    ETHNICITIES,
    Gender,
    GeneralEducation,
    MemberStatus,
    OccupationGroup,
    PoliticalTheory,
    Qualification,
    Religion,
)
from apps.organizations.choices import CellCategory, OrgKind
from domain.vietnamese import fold, normalize_text

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# The stages a case kept on paper may be imported at, in order.
IMPORT_STAGES = (
    Stage.CANDIDATE,
    Stage.TRAINED,
    Stage.DOSSIER,
    Stage.CELL_RESOLVED,
    Stage.APPRAISED,
    Stage.COMMITTEE_RESOLVED,
    Stage.ADMITTED,
    Stage.PROBATIONARY,
)
# Day, month, year with "/", "-" or "." between; and the ISO form.
DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
# The largest serial Excel shows as a date (31/12/9999); whole numbers from
# 10 000 (18/05/1927) cannot be a year, a day or a month.
_SERIAL_MIN, _SERIAL_MAX = 10_000, 2_958_465


class CellError(ValueError):
    """A value that cannot be read; the message says what was read and
    what to write."""


@dataclass(frozen=True)
class Noted:
    """A value read in its one possible way, but not as written: `note`
    (Vietnamese) says how, and the preview shows it."""

    value: Any
    note: str


def header_key(text: Any) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


def as_date(value: Any) -> datetime.date | Noted | None:
    """A date cell, or text as dd/mm/yyyy (also d/m/yyyy, with "-" or "."),
    or yyyy-mm-dd. Day first, as Vietnamese write dates. Refused with
    CellError: a year alone, a month and year, a two-digit year, a day or
    month that does not exist, any other text. A number: a year alone is
    refused (Excel would show 1961 as 14/05/1905); a whole number from
    10 000 is the serial Excel keeps for a date cell that lost its format
    and is read as that date, with a note; any other number is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_as_date(value)
    text = as_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        raise CellError(_year_only(text))
    if match := DAY_FIRST.fullmatch(text):
        day, _sep, month, year = match.groups()
        if len(year) != 4:
            raise CellError(
                _(
                    "“{value}”: the year has {n} digits. Write all four, as in the records: "
                    "{day}/{month}/19{year} or {day}/{month}/20{year}?"
                ).format(
                    value=text,
                    n=len(year),
                    day=day.zfill(2),
                    month=month.zfill(2),
                    year=year[-2:].zfill(2),
                )
            )
        return _make_date(text, int(year), int(month), int(day))
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _make_date(text, int(year), int(month), int(day))
    if _MONTH_YEAR.fullmatch(text):
        raise CellError(
            _(
                "“{value}” has only a month and a year: write the full date from the records "
                "as dd/mm/yyyy. A day is never made up."
            ).format(value=text)
        )
    raise CellError(_("“{value}” is not a date: write it as dd/mm/yyyy.").format(value=text))


def _year_only(text: str) -> str:
    return _(
        "“{value}” is a year alone: write the full date from the records as dd/mm/yyyy "
        "(day/month/{value}). A date is never made up from a year."
    ).format(value=text)


def _make_date(text: str, year: int, month: int, day: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise CellError(
            _(
                "“{value}”: there is no month {month}. Write the date day first, as dd/mm/yyyy."
            ).format(value=text, month=month)
        )
    if year < 1:
        raise CellError(_("“{value}” is not a date: write it as dd/mm/yyyy.").format(value=text))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise CellError(
            _(
                "“{value}”: there is no such day, month {month} of {year} has {days} days. "
                "Check the date in the records."
            ).format(value=text, month=month, year=year, days=days)
        )
    return datetime.date(year, month, day)


def _number_as_date(number: float) -> Noted:
    shown = str(int(number)) if float(number).is_integer() else str(number)
    if float(number).is_integer() and 1000 <= number <= 2100:
        excel = EXCEL_EPOCH + datetime.timedelta(days=int(number))
        raise CellError(
            _year_only(shown)
            + " "
            + _("(Excel would show this number as the date {date}.)").format(
                date=excel.strftime("%d/%m/%Y")
            )
        )
    if not _SERIAL_MIN <= number <= _SERIAL_MAX:
        raise CellError(
            _("“{value}” is a number, not a date: write the date as dd/mm/yyyy.").format(
                value=shown
            )
        )
    day = EXCEL_EPOCH + datetime.timedelta(days=int(number))
    return Noted(
        day,
        _("the number {value} is how Excel keeps the date {date}: read as {date}.").format(
            value=shown, date=day.strftime("%d/%m/%Y")
        ),
    )


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(as_text(value))
    if text in ("", "0", "khong", "k", "no", "false", "-"):
        return False
    if text in ("x", "1", "co", "c", "yes", "true", "v", "✓", "dung"):
        return True
    raise CellError(_("“{value}”: write “có” or leave it empty.").format(value=as_text(value)))


def as_citizen_id(value: Any) -> str | Noted:
    """A CCCD has 12 digits and starts with 0 (province codes 001–096);
    typed as a number, Excel drops that 0. Eleven digits get it back (the
    one reading, noted); fewer digits without a leading 0 lost more than
    one and are refused with the hint to format the column as text."""
    text = as_text(value).replace(" ", "").replace(".", "")
    if re.fullmatch(r"[1-9]\d{10}", text):
        return Noted(
            "0" + text,
            _("the citizen ID {value} had lost its leading 0: read as {fixed}.").format(
                value=text, fixed="0" + text
            ),
        )
    if re.fullmatch(r"[1-9]\d{7,9}", text):
        raise CellError(
            _(
                "The citizen ID “{value}” has {n} digits, not 12: Excel may have dropped the "
                "leading 0: format the column as Text and write all 12 digits."
            ).format(value=text, n=len(text))
        )
    return text


def as_phone(value: Any) -> str | Noted:
    """A phone number typed as a number loses its leading 0: a mobile (9
    digits left) or a landline (10 digits starting with 2) gets it back,
    noted. Anything else is kept as written."""
    text = as_text(value)
    digits = text.replace(" ", "").replace(".", "")
    if re.fullmatch(r"[1-9]\d{8}|2\d{9}", digits):
        return Noted(
            "0" + digits,
            _("the phone number {value} had lost its leading 0: read as {fixed}.").format(
                value=text, fixed="0" + digits
            ),
        )
    return text


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    parse: Callable[[Any], Any] = as_text
    note: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    aliases: tuple[str, ...] = ()
    example: Any = ""
    # Other words officials write for a choice (code → words), matched like
    # the labels, ignoring case and accents.
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Words that could be more than one choice: the message names them.
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def read(self, value: Any) -> Any:
        if self.choices:
            return self._choice(value)
        return self.parse(value)

    def label_of(self, code: str) -> str:
        return next((label for c, label in self.choices if c == code), code)

    def _choice(self, value: Any) -> str:
        text = as_text(value)
        if not text:
            return ""
        wanted = header_key(text)
        for code, label in self.choices:
            if wanted in (header_key(code), header_key(label)):
                return code
        for code, words in self.synonyms:
            if wanted in {header_key(w) for w in words}:
                return code
        for word, codes in self.ambiguous:
            if wanted == header_key(word):
                raise CellError(
                    _("“{value}” could be {options}: write which one.").format(
                        value=text, options=_(" or ").join(f"“{self.label_of(c)}”" for c in codes)
                    )
                )
        raise CellError(
            _("“{value}” is not one of: {allowed}.").format(
                value=text, allowed=", ".join(label for _c, label in self.choices)
            )
        )


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# The words officials write for a cell's category (and "chi bộ …" before
# them), with or without accents: header_key folds both.
_CATEGORY_WORDS = {
    CellCategory.VILLAGE: ("thôn", "làng", "buôn", "plei", "sóc", "khu dân cư thôn"),
    CellCategory.HAMLET: ("ấp", "khu dân cư ấp"),
    CellCategory.KHOM: ("khóm", "khu dân cư khóm"),
    CellCategory.STREET_GROUP: ("tổ dân phố", "TDP", "khu phố", "khu dân cư tổ dân phố"),
    CellCategory.BAN: ("bản", "khu dân cư bản"),
    CellCategory.SCHOOL: ("trường", "trường học", "giáo dục"),
    CellCategory.AGENCY: ("cơ quan", "cơ quan hành chính", "cơ quan nhà nước"),
    CellCategory.PUBLIC_SERVICE: ("sự nghiệp", "đơn vị sự nghiệp công lập", "ĐVSN"),
    CellCategory.STATE_ENTERPRISE: ("DNNN", "doanh nghiệp nhà nước", "công ty nhà nước"),
    CellCategory.PRIVATE_ENTERPRISE: (
        "doanh nghiệp ngoài nhà nước",
        "doanh nghiệp ngoài quốc doanh",
        "doanh nghiệp tư nhân",
        "công ty tư nhân",
        "ngoài nhà nước",
        "ngoài quốc doanh",
    ),
    CellCategory.COOPERATIVE: ("hợp tác xã", "HTX"),
    CellCategory.ARMED_FORCES: ("quân sự", "quân đội", "lực lượng vũ trang", "LLVT"),
    CellCategory.POLICE: ("công an", "CA"),
}
CATEGORY_WORDS = tuple(
    (str(code), (*words, *(f"chi bộ {w}" for w in words)))
    for code, words in _CATEGORY_WORDS.items()
)


def _vi(choices: Any) -> tuple[tuple[str, str], ...]:
    with translation.override("vi"):
        return tuple((str(code), str(label)) for code, label in choices)


def person_columns() -> tuple[Column, ...]:
    return (
        Column("full_name", "Họ và tên", True, example="Nguyễn Thị Mai"),
        Column("date_of_birth", "Ngày sinh", True, as_date, "dd/mm/yyyy", example="05/03/1998"),
        Column("gender", "Giới tính", True, choices=_vi(Gender.choices), example="Nữ"),
        Column("citizen_id", "Số CCCD", True, as_citizen_id, "12 chữ số", example="087198000111"),
        Column("ethnicity", "Dân tộc", choices=tuple(ETHNICITIES), example="Kinh"),
        Column("religion", "Tôn giáo", choices=_vi(Religion.choices), example="Không"),
        Column("hometown", "Quê quán", example="Cao Lãnh, Đồng Tháp"),
        Column("residence", "Nơi cư trú", example="Khóm 1, phường Cao Lãnh"),
        Column(
            "general_education",
            "Trình độ giáo dục phổ thông",
            choices=_vi(GeneralEducation.choices),
            example="12/12",
        ),
        Column("qualification", "Trình độ chuyên môn", choices=_vi(Qualification.choices)),
        Column("political_theory", "Lý luận chính trị", choices=_vi(PoliticalTheory.choices)),
        Column("occupation", "Nghề nghiệp", example="Giáo viên"),
        Column("occupation_group", "Nhóm nghề nghiệp", choices=_vi(OccupationGroup.choices)),
        Column("workplace", "Nơi làm việc"),
        Column("youth_union", "Đoàn viên", parse=as_bool, note="“có” hoặc để trống", example="có"),
        Column("trade_union", "Công đoàn viên", parse=as_bool, note="“có” hoặc để trống"),
        Column(
            "demobilised_soldier", "Quân nhân xuất ngũ", parse=as_bool, note="“có” hoặc để trống"
        ),
        Column("phone", "Điện thoại", parse=as_phone, example="0912345678"),
    )


def kinds() -> dict[str, Kind]:
    persons = person_columns()
    return {
        "members": Kind(
            "members",
            "Đảng viên",
            (
                *persons,
                Column("cell", "Mã chi bộ", True, note="mã đơn vị của chi bộ", example="CB-01"),
                Column(
                    "status",
                    "Đảng viên chính thức hay dự bị",
                    True,
                    choices=_vi(
                        [
                            (MemberStatus.FULL, MemberStatus.FULL.label),
                            (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label),
                        ]
                    ),
                    example="Đảng viên chính thức",
                ),
                Column(
                    "admitted_on",
                    "Ngày vào Đảng",
                    True,
                    as_date,
                    "ngày quyết định kết nạp",
                    example="19/05/2015",
                ),
                Column(
                    "ceremony_on",
                    "Ngày kết nạp",
                    parse=as_date,
                    note="ngày tổ chức lễ kết nạp",
                    example="02/06/2015",
                ),
                Column("full_on", "Ngày chính thức", parse=as_date, example="02/06/2016"),
                Column("card_number", "Số thẻ đảng viên", example="82000123"),
            ),
        ),
        "candidates": Kind(
            "candidates",
            "Quần chúng ưu tú (nguồn phát triển đảng viên)",
            (
                *persons,
                Column("cell", "Mã chi bộ", True, note="mã đơn vị của chi bộ", example="CB-01"),
                Column("opened_on", "Ngày đưa vào nguồn", True, as_date, example="10/01/2026"),
                Column(
                    "source",
                    "Đoàn thể giới thiệu",
                    True,
                    choices=_vi(SourceOrg.choices),
                    example="Đoàn Thanh niên",
                ),
                Column(
                    "stage",
                    "Bước hiện nay",
                    choices=_vi([(s, s.label) for s in IMPORT_STAGES]),
                    note="để trống nếu mới ở trong nguồn; mỗi bước cần ngày của nó và của các bước trước",
                ),
                Column(
                    "certificate_on", "Ngày cấp giấy chứng nhận nhận thức về Đảng", parse=as_date
                ),
                Column("certificate_number", "Số giấy chứng nhận"),
                Column(
                    "dossier_on",
                    "Ngày bắt đầu làm hồ sơ",
                    parse=as_date,
                    note="để trống: lấy ngày cấp giấy chứng nhận",
                ),
                Column("cell_resolution_on", "Ngày chi bộ họp xét đề nghị kết nạp", parse=as_date),
                Column(
                    "appraisal_on",
                    "Ngày đảng ủy bộ phận thẩm định",
                    parse=as_date,
                    note="chỉ khi có đảng ủy bộ phận",
                ),
                Column(
                    "committee_resolution_on", "Ngày nghị quyết của đảng ủy cơ sở", parse=as_date
                ),
                Column("decision_on", "Ngày quyết định kết nạp", parse=as_date),
                Column("decision_number", "Số quyết định kết nạp"),
                Column("decision_received_on", "Ngày chi bộ nhận quyết định", parse=as_date),
                Column(
                    "ceremony_on",
                    "Ngày tổ chức lễ kết nạp",
                    parse=as_date,
                    note="từ ngày này là đảng viên dự bị",
                ),
            ),
        ),
        "units": Kind(
            "units",
            "Tổ chức đảng",
            (
                Column("code", "Mã đơn vị", True, example="CB-01"),
                Column("name", "Tên đơn vị", True, example="Chi bộ Khóm 1"),
                Column(
                    "kind", "Loại tổ chức", True, choices=_vi(OrgKind.choices), example="Chi bộ"
                ),
                Column(
                    "category",
                    "Loại hình chi bộ",
                    choices=_vi(CellCategory.choices),
                    note="chỉ với chi bộ; ghi như: thôn, ấp, khóm, tổ dân phố, bản, trường học, "
                    "cơ quan, doanh nghiệp nhà nước, doanh nghiệp ngoài nhà nước, quân sự, công an",
                    synonyms=CATEGORY_WORDS,
                    ambiguous=(
                        (
                            "doanh nghiệp",
                            (CellCategory.STATE_ENTERPRISE, CellCategory.PRIVATE_ENTERPRISE),
                        ),
                    ),
                ),
                Column("parent", "Mã đơn vị cấp trên", True, example="P-29869"),
                Column("valid_from", "Ngày thành lập", True, as_date, example="01/07/2025"),
            ),
        ),
    }
