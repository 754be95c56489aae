"""The dossier forms (codes of Hướng dẫn 12-HD/BTCTW, 2022), when each is
due for a case, who issues it, and its built-in layout.

Only what shared/FORMS.md marks as verified is written as fixed wording:
the Party header, the titles, the decision skeleton ("Căn cứ …", "QUYẾT
ĐỊNH", "Điều 1 … 3"), the attendance block of the cell resolutions, the
signature blocks. The rest of each body states the case's facts as
labelled lines, and the parts a person writes (strengths, weaknesses,
motives) stay as headings to be typed. A province replaces the wording by
uploading its own template version (apps.documents.services)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.admissions.models import Case

from .builder import Layout, Para

GUIDE = "12-HD/BTCTW (18/01/2022)"

PERSON = (
    Para("Họ và tên: {{ name }}. Giới tính: {{ gender }}."),
    Para("Sinh ngày {{ born }}; nơi cư trú: {{ residence }}."),
    Para("Quê quán: {{ hometown }}. Dân tộc: {{ ethnicity }}. Tôn giáo: {{ religion }}."),
    Para(
        "Trình độ giáo dục phổ thông: {{ education }}; chuyên môn: {{ qualification }}; nghề nghiệp: {{ occupation }}."
    ),
)
ATTENDANCE = (
    Para(
        "Tổng số đảng viên của chi bộ: {{ vote.total }} đồng chí, trong đó chính thức {{ vote.official }}, dự bị {{ vote.probationary }}."
    ),
    Para("Có mặt: {{ vote.present }} đồng chí. Vắng mặt: {{ vote.absent }} đồng chí."),
    Para(
        "Số đảng viên chính thức tán thành: {{ vote.yes }} đồng chí, đạt {{ vote.percent }} so với tổng số đảng viên chính thức; không tán thành: {{ vote.no }} đồng chí."
    ),
)


def committee_resolution(subtitle: str, cell_day: str, proposal: str) -> Layout:
    """8-KNĐ and 15-KNĐ: the grassroots committee's resolution on the
    cell's proposal (`cell_day`: the placeholder of the cell's date)."""
    return Layout(
        "NGHỊ QUYẾT",
        subtitle,
        body=(
            Para("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
            Para(
                f"Xét đề nghị của Chi bộ {{{{ cell_short }}}} (nghị quyết ngày {{{{ {cell_day} }}}}),"
            ),
            Para("ĐẢNG ỦY {{ committee_short_upper }}", bold=True, center=True),
            Para(proposal),
        ),
        recipients=("Cấp ủy có thẩm quyền,", "Chi bộ {{ cell_short }},", "Lưu."),
        signer_lines=("T/M ĐẢNG ỦY", "BÍ THƯ"),
    )


def decision(subtitle: str, articles: tuple[str, str, str]) -> Layout:
    """9-KNĐ and the full-membership decision: the decision skeleton of
    FORMS.md A.5 ("Căn cứ …", "Xét đề nghị …", the body, "QUYẾT ĐỊNH",
    Điều 1–3, "Nơi nhận", T/M BAN THƯỜNG VỤ)."""
    return Layout(
        "QUYẾT ĐỊNH",
        subtitle,
        body=(
            Para("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
            Para("Xét đề nghị của Đảng ủy {{ committee_short }} và Chi bộ {{ cell_short }},"),
            Para("{{ decider_upper }}", bold=True, center=True),
            Para("QUYẾT ĐỊNH", bold=True, center=True),
            *(Para(text) for text in articles),
        ),
        recipients=("Như Điều 3,", "Đảng ủy {{ committee_short }},", "Lưu hồ sơ đảng viên."),
        signer_lines=("T/M BAN THƯỜNG VỤ", "{{ signer_title }}"),
    )


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    layout: Layout
    issuer: str  # "person", "introducer", "helper", "cell", "subcommittee", "committee", "decider"
    due: Callable[[Case, datetime.date], datetime.date | None]  # the form's date, once due
    per_introducer: bool = False


def _dossier_day(case: Case, _today: datetime.date) -> datetime.date | None:
    steps = {s.action: s.on for s in case.steps.all()}
    return steps.get("open_dossier")


def _field(name: str) -> Callable[[Case, datetime.date], datetime.date | None]:
    def due(case: Case, _today: datetime.date) -> datetime.date | None:
        value: datetime.date | None = getattr(case, name)
        return value

    return due


def _probation_end(case: Case, today: datetime.date) -> datetime.date | None:
    from apps.admissions import evaluation
    from domain import admission as d

    if case.ceremony_on is None:
        return None
    end = d.probation_end(case.ceremony_on, evaluation.policy_for(case.ceremony_on))
    return end if end <= today else None


FORMS: tuple[Form, ...] = (
    Form(
        "1-KNĐ",
        "Đơn xin vào Đảng",
        Layout(
            "ĐƠN XIN VÀO ĐẢNG",
            by_person=True,
            body=(
                Para("Kính gửi: Chi ủy {{ cell }}", bold=True),
                Para("Đảng ủy {{ committee }}", bold=True),
                Para("Tôi là {{ name }}, sinh ngày {{ born }}."),
                Para(
                    "Nơi sinh (quê quán): {{ hometown }}. Dân tộc: {{ ethnicity }}. Tôn giáo: {{ religion }}."
                ),
                Para(
                    "Trình độ học vấn: {{ education }}. Nơi cư trú: {{ residence }}. Nghề nghiệp: {{ occupation }}."
                ),
                Para(
                    "Tôi tự nguyện làm đơn này, xin được đứng vào hàng ngũ Đảng Cộng sản Việt Nam."
                ),
            ),
            signer_lines=("NGƯỜI LÀM ĐƠN",),
        ),
        "person",
        _dossier_day,
    ),
    Form(
        "2-KNĐ",
        "Lý lịch của người xin vào Đảng (trang đầu)",
        Layout(
            "LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
            by_person=True,
            body=(Para("1. Họ và tên đang dùng: {{ name_upper }}", bold=True), *PERSON[1:]),
            signer_lines=("NGƯỜI KHAI",),
        ),
        "person",
        _dossier_day,
    ),
    Form(
        "3-KNĐ",
        "Giấy giới thiệu người vào Đảng",
        Layout(
            "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG",
            by_person=True,
            body=(
                Para("Kính gửi: Chi bộ {{ cell_short }}", bold=True),
                Para(
                    "Tôi là {{ introducer.name }}, đảng viên {{ introducer.status }}, sinh hoạt tại {{ introducer.cell }}."
                ),
                Para(
                    "Tôi được chi bộ phân công giúp đỡ và giới thiệu quần chúng {{ name }}, sinh ngày {{ born }}, vào Đảng; đã cùng công tác (cư trú) với quần chúng từ ngày {{ introducer.since }}."
                ),
                Para("Những ưu điểm, khuyết điểm chính của người vào Đảng:", bold=True),
                Para(""),
            ),
            signer_lines=("NGƯỜI GIỚI THIỆU",),
        ),
        "introducer",
        lambda case, _t: None,  # due per introducer, see introducer_forms()
        per_introducer=True,
    ),
    Form(
        "5-KNĐ",
        "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú",
        Layout(
            "TỔNG HỢP Ý KIẾN NHẬN XÉT",
            "của đoàn thể chính trị - xã hội nơi làm việc và chi ủy nơi cư trú đối với người vào Đảng",
            body=(*PERSON, Para("Ý kiến nhận xét đã tổng hợp:", bold=True), Para("{{ comments }}")),
            signer_lines=("T/M CHI ỦY", "BÍ THƯ"),
        ),
        "cell",
        _dossier_day,
    ),
    Form(
        "6-KNĐ",
        "Nghị quyết của chi bộ đề nghị kết nạp đảng viên",
        Layout(
            "NGHỊ QUYẾT",
            "đề nghị kết nạp đảng viên",
            body=(
                Para("Căn cứ Điều 4, Điều lệ Đảng Cộng sản Việt Nam,"),
                Para(
                    "Ngày {{ doc_day }}, Chi bộ {{ cell_short }} đã họp để xét, đề nghị kết nạp quần chúng {{ name }} vào Đảng."
                ),
                *ATTENDANCE,
                Para(
                    "Chi bộ đề nghị Đảng ủy {{ committee_short }} xét, đề nghị cấp ủy có thẩm quyền quyết định kết nạp quần chúng {{ name }} vào Đảng Cộng sản Việt Nam."
                ),
            ),
            recipients=("Đảng ủy {{ committee_short }},", "Lưu chi bộ."),
            signer_lines=("T/M CHI BỘ", "BÍ THƯ"),
        ),
        "cell",
        _field("cell_resolution_on"),
    ),
    Form(
        "7-KNĐ",
        "Báo cáo thẩm định của đảng ủy bộ phận",
        Layout(
            "BÁO CÁO THẨM ĐỊNH",
            "đối với người vào Đảng",
            body=(
                *PERSON,
                Para("Chi bộ {{ cell_short }} đề nghị kết nạp ngày {{ cell_resolution_day }}."),
            ),
            recipients=("Đảng ủy {{ committee_short }},", "Lưu."),
            signer_lines=("T/M ĐẢNG ỦY", "BÍ THƯ"),
        ),
        "subcommittee",
        _field("appraisal_on"),
    ),
    Form(
        "8-KNĐ",
        "Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên",
        committee_resolution(
            "đề nghị kết nạp đảng viên",
            "cell_resolution_day",
            "đề nghị cấp ủy có thẩm quyền kết nạp quần chúng {{ name }}, sinh ngày {{ born }}, "
            "vào Đảng Cộng sản Việt Nam.",
        ),
        "committee",
        _field("committee_resolution_on"),
    ),
    Form(
        "9-KNĐ",
        "Quyết định kết nạp đảng viên",
        decision(
            "kết nạp đảng viên",
            (
                "Điều 1. Kết nạp đồng chí {{ name }}, sinh ngày {{ born }}, quê quán {{ hometown }}, "
                "vào Đảng Cộng sản Việt Nam; sinh hoạt tại {{ cell_chain }}.",
                "Điều 2. Thời gian dự bị của đồng chí {{ name }} là {{ probation_months }} tháng, "
                "kể từ ngày chi bộ tổ chức lễ kết nạp.",
                "Điều 3. Chi bộ {{ cell_short }} và đồng chí {{ name }} chịu trách nhiệm thi hành "
                "Quyết định này.",
            ),
        ),
        "decider",
        _field("decision_on"),
    ),
    Form(
        "10-KNĐ",
        "Bản tự kiểm điểm của đảng viên dự bị",
        Layout(
            "BẢN TỰ KIỂM ĐIỂM",
            "của đảng viên dự bị",
            by_person=True,
            body=(
                Para("Kính gửi: Chi bộ {{ cell_short }}", bold=True),
                Para(
                    "Tôi là {{ name }}, được kết nạp vào Đảng ngày {{ ceremony_day }}, sinh hoạt tại {{ cell_chain }}; thời gian dự bị kết thúc ngày {{ probation_end }}."
                ),
                Para("Ưu điểm trong thực hiện nhiệm vụ đảng viên:", bold=True),
                Para(""),
                Para("Khuyết điểm:", bold=True),
                Para(""),
            ),
            signer_lines=("NGƯỜI TỰ KIỂM ĐIỂM",),
        ),
        "person",
        _probation_end,
    ),
    Form(
        "11-KNĐ",
        "Bản nhận xét đảng viên dự bị",
        Layout(
            "BẢN NHẬN XÉT",
            "đảng viên dự bị",
            by_person=True,
            body=(
                Para("Kính gửi: Chi bộ {{ cell_short }}", bold=True),
                Para(
                    "Tôi là {{ helper.name }}, được chi bộ phân công giúp đỡ đảng viên dự bị {{ name }} (kết nạp ngày {{ ceremony_day }})."
                ),
                Para("Nhận xét về ưu điểm, khuyết điểm:", bold=True),
                Para(""),
            ),
            signer_lines=("ĐẢNG VIÊN ĐƯỢC PHÂN CÔNG GIÚP ĐỠ",),
        ),
        "helper",
        _probation_end,
    ),
    Form(
        "12-KNĐ",
        "Tổng hợp ý kiến nhận xét đối với đảng viên dự bị",
        Layout(
            "TỔNG HỢP Ý KIẾN NHẬN XÉT",
            "đối với đảng viên dự bị",
            body=(
                *PERSON,
                Para(
                    "Kết nạp ngày {{ ceremony_day }}; hết thời gian dự bị ngày {{ probation_end }}."
                ),
                Para("Ý kiến nhận xét đã tổng hợp:", bold=True),
                Para(""),
            ),
            signer_lines=("T/M CHI ỦY", "BÍ THƯ"),
        ),
        "cell",
        _probation_end,
    ),
    Form(
        "13-KNĐ",
        "Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức",
        Layout(
            "NGHỊ QUYẾT",
            "đề nghị công nhận đảng viên chính thức",
            body=(
                Para("Căn cứ Điều 5, Điều lệ Đảng Cộng sản Việt Nam,"),
                Para(
                    "Ngày {{ doc_day }}, Chi bộ {{ cell_short }} đã họp để xét, đề nghị công nhận đảng viên dự bị {{ name }} được kết nạp vào Đảng ngày {{ ceremony_day }}, trở thành đảng viên chính thức."
                ),
                *ATTENDANCE,
                Para("Về ưu điểm:", bold=True),
                Para(""),
                Para("Về khuyết điểm:", bold=True),
                Para(""),
            ),
            recipients=("Đảng ủy {{ committee_short }},", "Lưu chi bộ."),
            signer_lines=("T/M CHI BỘ", "BÍ THƯ"),
        ),
        "cell",
        _field("recognition_resolution_on"),
    ),
    Form(
        "14-KNĐ",
        "Báo cáo thẩm định của đảng ủy bộ phận (công nhận đảng viên chính thức)",
        Layout(
            "BÁO CÁO THẨM ĐỊNH",
            "đề nghị công nhận đảng viên chính thức",
            body=(
                *PERSON,
                Para(
                    "Chi bộ {{ cell_short }} đề nghị công nhận chính thức ngày {{ recognition_resolution_day }}."
                ),
            ),
            recipients=("Đảng ủy {{ committee_short }},", "Lưu."),
            signer_lines=("T/M ĐẢNG ỦY", "BÍ THƯ"),
        ),
        "subcommittee",
        _field("recognition_appraisal_on"),
    ),
    Form(
        "15-KNĐ",
        "Nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức",
        committee_resolution(
            "đề nghị công nhận đảng viên chính thức",
            "recognition_resolution_day",
            "đề nghị cấp ủy có thẩm quyền công nhận đồng chí {{ name }}, kết nạp ngày "
            "{{ ceremony_day }}, là đảng viên chính thức kể từ ngày {{ probation_end }}.",
        ),
        "committee",
        _field("recognition_committee_on"),
    ),
    Form(
        "QĐ-CNCT",
        "Quyết định công nhận đảng viên chính thức",
        decision(
            "công nhận đảng viên chính thức",
            (
                "Điều 1. Công nhận đồng chí {{ name }}, sinh ngày {{ born }}, kết nạp vào Đảng ngày "
                "{{ ceremony_day }}, là đảng viên chính thức kể từ ngày {{ probation_end }}.",
                "Điều 2. Đồng chí {{ name }} sinh hoạt tại {{ cell_chain }}.",
                "Điều 3. Chi bộ {{ cell_short }} và đồng chí {{ name }} chịu trách nhiệm thi hành "
                "Quyết định này.",
            ),
        ),
        "decider",
        _field("recognition_decision_on"),
    ),
)
BY_CODE = {f.code: f for f in FORMS}


def due_forms(case: Case, today: datetime.date) -> list[tuple[Form, int, datetime.date]]:
    """(form, item, date) of every form due for the case; `item` numbers the
    introducers for 3-KNĐ (0 otherwise)."""
    out = []
    days: dict[object, datetime.date | None] = {}  # each due rule asked once
    for form in FORMS:
        rule = _dossier_day if form.per_introducer else form.due
        if rule not in days:
            days[rule] = rule(case, today)
        day = days[rule]
        if day is None:
            continue
        if form.per_introducer:
            for i, introducer in enumerate(case.introducers.all()):
                out.append((form, i, introducer.introduced_on))
        else:
            out.append((form, 0, day))
    return out


def sample_context() -> dict[str, Any]:
    """Values for every placeholder, to try an uploaded template."""
    vote: dict[str, Any] = {
        k: 1 for k in ("total", "official", "probationary", "present", "absent", "yes", "no")
    }
    vote["percent"] = "100%"
    text = "…"
    return {
        **{k: text for k in PLACEHOLDERS},
        "vote": vote,
        "introducer": {"name": text, "status": text, "cell": text, "since": text},
        "helper": {"name": text},
    }


PLACEHOLDERS = (
    "name",
    "name_upper",
    "gender",
    "born",
    "residence",
    "hometown",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "occupation",
    "cell",
    "cell_short",
    "cell_chain",
    "committee",
    "committee_short",
    "committee_short_upper",
    "decider_upper",
    "superior_upper",
    "issuer_upper",
    "number",
    "place",
    "date_line",
    "doc_day",
    "signer_body",
    "signer_title",
    "signer_name",
    "comments",
    "cell_resolution_day",
    "recognition_resolution_day",
    "ceremony_day",
    "probation_end",
    "probation_months",
)

# The names a template may use: the placeholders above and the three
# groups (`vote.…`, `introducer.…`, `helper.…`). Anything else is refused
# at upload and at print (apps.documents.sandbox).
CONTEXT_NAMES = frozenset(PLACEHOLDERS) | {"vote", "introducer", "helper"}
