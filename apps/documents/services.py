"""Filling the dossier forms of a case (docxtpl), bundling the due ones as
a ZIP, and uploading new template versions."""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import zipfile
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from jinja2.exceptions import SecurityError

from apps.admissions import evaluation
from apps.admissions.choices import Action
from apps.admissions.models import Case, Vote
from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, record
from apps.common.templatetags.vn import pct, vdate
from apps.common.uploads import too_large
from apps.members.choices import MemberStatus
from apps.members.models import Member
from apps.organizations.choices import DecisionBody, OrgKind
from apps.organizations.models import Organization
from apps.organizations.services import effective_decision
from apps.reports.report import issuer_name, place_of
from domain import admission as d
from domain.statistics import percent as percent_of
from domain.vietnamese import long_date

from . import builder, sandbox
from .catalogue import BY_CODE, GUIDE, Form, sample_context
from .models import FormTemplate, GeneratedDocument


def template_max_bytes() -> int:
    """The largest template file accepted, in bytes (setting
    TEMPLATE_MAX_BYTES)."""
    return int(getattr(settings, "TEMPLATE_MAX_BYTES", 15 * 1024 * 1024))


def _short(name: str, prefix: str) -> str:
    return name[len(prefix) :].strip() if name.lower().startswith(prefix.lower()) else name


@functools.lru_cache(maxsize=32)
def builtin(code: str) -> bytes:
    """The built-in template of a form, as a .docx with placeholders."""
    return builder.build(BY_CODE[code].layout)


def template_for(code: str, policy_code: str) -> tuple[bytes, str, FormTemplate | None]:
    """The newest uploaded version for this policy version, else for every
    version, else the built-in template."""
    for scope in (policy_code, ""):
        found = (
            FormTemplate.objects.filter(code=code, policy_code=scope).order_by("-version").first()
        )
        if found is not None:
            found.file.open("rb")
            try:
                return found.file.read(), found.label, found
            finally:
                found.file.close()
    return builtin(code), f"{code} · {GUIDE} · mẫu có sẵn", None


def _chain(unit: Organization) -> str:
    ancestors = {o.pk: o for o in Organization.objects.filter(pk__in=unit.ancestor_ids())}
    names = [unit.name] + [
        ancestors[pk].name for pk in reversed(unit.ancestor_ids()) if pk in ancestors
    ]
    return ", ".join(names)


def _decider(cell: Organization) -> Organization:
    body, _threshold = effective_decision(cell)
    ancestors = [
        a for a in Organization.objects.filter(pk__in=cell.ancestor_ids()) if a.kind != OrgKind.CELL
    ]
    ancestors.sort(key=lambda a: len(a.path), reverse=True)  # nearest first
    levels: dict[str, set[str]] = {
        DecisionBody.PROVINCE_STANDING: {OrgKind.PROVINCE},
        DecisionBody.DISTRICT_STANDING: {OrgKind.DISTRICT},
    }
    wanted = levels.get(body)
    if wanted:
        for a in ancestors:
            if a.kind in wanted:
                return a
    return cell.parent or cell


def _vote(case: Case, action: str) -> dict[str, Any]:
    vote = (
        Vote.objects.filter(case=case, action=action, passed=True).order_by("-held_on").first()
        or Vote.objects.filter(case=case, action=action).order_by("-held_on").first()
    )
    if vote is None:
        return {
            k: ""
            for k in (
                "total",
                "official",
                "probationary",
                "present",
                "absent",
                "yes",
                "no",
                "percent",
            )
        }
    statuses = list(vote.attendance.values_list("status", flat=True))
    present = sum(1 for s in statuses if s == "present")
    probationary = Member.objects.filter(
        organization=case.organization, status=MemberStatus.PROBATIONARY
    ).count()
    percent = percent_of(vote.yes, vote.official_members) if vote.official_members else Decimal(0)
    return {
        "total": vote.official_members + probationary,
        "official": vote.official_members,
        "probationary": probationary,
        "present": present,
        "absent": len(statuses) - present,
        "yes": vote.yes,
        "no": vote.no,
        "percent": pct(percent),
    }


def context(case: Case, form: Form, item: int, day: datetime.date) -> dict[str, Any]:
    person, cell = case.person, case.organization
    committee = cell.parent or cell
    decider = _decider(cell)
    policy = evaluation.policy_for(case.ceremony_on or case.decision_on or day)
    probation_end = d.probation_end(case.ceremony_on, policy) if case.ceremony_on else None
    values: dict[str, Any] = {
        "name": person.full_name,
        "name_upper": person.full_name.upper(),
        "gender": person.get_gender_display(),
        "born": vdate(person.date_of_birth),
        "residence": person.residence or "",
        "hometown": person.hometown or "",
        "ethnicity": person.get_ethnicity_display(),
        "religion": person.get_religion_display(),
        "education": person.general_education or "",
        "qualification": person.get_qualification_display() if person.qualification else "",
        "occupation": person.occupation or "",
        "cell": cell.name,
        "cell_short": _short(cell.name, "Chi bộ"),
        "cell_chain": _chain(cell),
        "committee": committee.name,
        "committee_short": _short(committee.name, "Đảng bộ"),
        "committee_short_upper": _short(committee.name, "Đảng bộ").upper(),
        "decider_upper": ("Ban Thường vụ " + issuer_name(decider)).upper(),
        "place": place_of(cell),
        "date_line": long_date(day),
        "doc_day": long_date(day).removeprefix("ngày "),
        "comments": " ".join(c.text for c in case.comments.all()),
        "cell_resolution_day": vdate(case.cell_resolution_on),
        "recognition_resolution_day": vdate(case.recognition_resolution_on),
        "ceremony_day": vdate(case.ceremony_on),
        "probation_end": vdate(probation_end),
        "probation_months": policy.probation_months,
        "signer_title": "BÍ THƯ",
        "signer_name": "",
        "number": "",
        "superior_upper": "",
        "issuer_upper": "",
        "vote": _vote(case, Action.RECOGNITION_VOTE if form.code == "13-KNĐ" else Action.CELL_VOTE),
        "introducer": {},
        "helper": {},
    }
    if form.issuer == "cell":
        values.update(
            superior_upper=committee.name.upper(),
            issuer_upper=cell.name.upper(),
            number="      -NQ/CB",
        )
    elif form.issuer in ("committee", "subcommittee"):
        top = committee.parent
        values.update(
            superior_upper=top.name.upper() if top else "",
            issuer_upper=issuer_name(committee).upper(),
            number="      -NQ/ĐU" if form.issuer == "committee" else "      -BC/ĐU",
        )
    elif form.issuer == "decider":
        top = decider.parent
        number = case.decision_number if form.code == "9-KNĐ" else case.recognition_decision_number
        values.update(
            superior_upper=top.name.upper() if top else "",
            issuer_upper=issuer_name(decider).upper(),
            number=number or "",
        )
    elif form.issuer == "person":
        values["signer_name"] = person.full_name
    elif form.issuer == "introducer":
        introducer = list(
            case.introducers.select_related("member__person", "member__organization")
        )[item]
        member = introducer.member
        values["introducer"] = {
            "name": member.person.full_name,
            "status": member.get_status_display().lower(),
            "cell": member.organization.name,
            "since": vdate(introducer.together_since),
        }
        values["signer_name"] = member.person.full_name
    elif form.issuer == "helper":
        helper = case.helpers.select_related("member__person").first()
        name = helper.member.person.full_name if helper else ""
        values["helper"] = {"name": name}
        values["signer_name"] = name
    return values


def file_name(case: Case, form: Form, item: int) -> str:
    suffix = f"-{item + 1}" if form.per_introducer else ""
    return f"{form.code}{suffix}-{case.person.full_name}.docx".replace(" ", "-")


def render(
    case: Case, form: Form, item: int, day: datetime.date, *, by: Actor
) -> tuple[str, bytes]:
    """One filled form, recorded with the template version it used."""
    from docxtpl import DocxTemplate

    policy = evaluation.policy_for(day)
    data, label, template = template_for(form.code, policy.code)
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.render(context(case, form, item, day), jinja_env=sandbox.environment())
    except (sandbox.UnsafeTemplate, SecurityError) as exc:
        # A version stored before templates were checked, or one that reaches
        # for more than the sandbox allows at render time: refused, not run.
        reason = exc.messages[0] if isinstance(exc, sandbox.UnsafeTemplate) else str(exc)
        raise ValidationError(
            _(
                "The template {label} cannot be used: {reason} Ask an administrator to "
                "upload a corrected version of form {code}."
            ).format(label=label, reason=reason, code=form.code)
        ) from exc
    buffer = io.BytesIO()
    document.save(buffer)
    content = buffer.getvalue()
    with transaction.atomic():
        generated = GeneratedDocument.objects.create(
            case=case,
            code=form.code,
            template=template,
            template_label=label,
            generated_by=None if isinstance(by, str) else by,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        record(by, AuditAction.CREATE, generated, {"template": [None, label]})
    return file_name(case, form, item), content


def bundle(case: Case, forms: list[tuple[Form, int, datetime.date]], *, by: Actor) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for form, item, day in forms:
            name, content = render(case, form, item, day, by=by)
            archive.writestr(name, content)
    return buffer.getvalue()


@transaction.atomic
def upload_template(
    *, by: Actor, code: str, policy_code: str, data: bytes, file_name: str, note: str = ""
) -> FormTemplate:
    """A new version of a form's template; it must open and fill with the
    placeholders the built-in template knows."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    if code not in BY_CODE:
        raise ValidationError({"code": _("Choose one of the dossier forms.")})
    limit = template_max_bytes()
    if len(data) > limit:
        raise ValidationError({"file": too_large(file_name, len(data), limit)})
    if not file_name.lower().endswith(".docx") or not data.startswith(b"PK"):
        raise ValidationError({"file": _("The template must be a Word document (.docx).")})
    try:
        trial = DocxTemplate(io.BytesIO(data))
        trial.render(sample_context(), jinja_env=sandbox.environment())
    except sandbox.UnsafeTemplate as exc:
        raise ValidationError({"file": exc.messages}) from exc
    except SecurityError as exc:
        raise ValidationError(
            {
                "file": _(
                    "The template was refused while it was tried with sample values: {error} "
                    "Correct it, then upload it again."
                ).format(error=exc)
            }
        ) from exc
    except TemplateError as exc:
        raise ValidationError(
            {"file": _("The template has a placeholder error: {error}").format(error=exc)}
        ) from exc
    except Exception as exc:  # a damaged file raises zip or XML errors
        raise ValidationError({"file": _("The Word document cannot be read.")}) from exc
    latest = FormTemplate.objects.filter(code=code, policy_code=policy_code).aggregate(
        n=Max("version")
    )["n"]
    template = FormTemplate(
        code=code,
        policy_code=policy_code,
        version=(latest or 0) + 1,
        note=note,
        uploaded_by=by,
    )
    template.file.save(
        f"{code}-{policy_code or 'all'}-v{template.version}.docx", ContentFile(data), save=False
    )
    template.save()
    record(
        by,
        AuditAction.CREATE,
        template,
        created(template, ["code", "policy_code", "version", "note"]),
    )
    return template
