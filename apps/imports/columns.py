"""The columns of each import template and how a cell becomes a value.

Headers are matched ignoring case, diacritics, spacing, a trailing "*" and
anything in brackets ("Ngày sinh (dd/mm/yyyy)" is "ngay sinh"). Values
accept what rosters really hold: dates as dd/mm/yyyy text, date cells or
Excel serial numbers; composed or decomposed Unicode; stray spaces; names
in capitals; numbers stored as text or text stored as numbers."""

from __future__ import annotations

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
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


class CellError(ValueError):
    """A value that cannot be read; the message says what was expected."""


def header_key(text: Any) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


def as_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = as_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):
        return _serial(float(text))
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“{value}” is not a date: write it as dd/mm/yyyy.").format(value=text))


def _serial(number: float) -> datetime.date:
    if not 1 <= number < 80_000:
        raise CellError(_("“{value}” is not a date: write it as dd/mm/yyyy.").format(value=number))
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(as_text(value))
    if text in ("", "0", "khong", "k", "no", "false", "-"):
        return False
    if text in ("x", "1", "co", "c", "yes", "true", "v", "✓", "dung"):
        return True
    raise CellError(_("“{value}”: write “có” or leave it empty.").format(value=as_text(value)))


def as_citizen_id(value: Any) -> str:
    """A CCCD typed as a number loses its leading zero in Excel (province
    codes start at 001); 11 digits therefore get it back."""
    text = as_text(value).replace(" ", "").replace(".", "")
    if re.fullmatch(r"\d{11}", text):
        text = "0" + text
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
        Column("phone", "Điện thoại", example="0912345678"),
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
                    note="chỉ với chi bộ",
                ),
                Column("parent", "Mã đơn vị cấp trên", True, example="P-29869"),
                Column("valid_from", "Ngày thành lập", True, as_date, example="01/07/2025"),
            ),
        ),
    }
