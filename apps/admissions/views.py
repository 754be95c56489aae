from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.scope import access, has_perm_at, scope_paths
from apps.admissions import plausibility
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.audit.presenters import present
from apps.audit.services import history
from apps.common.clock import today
from apps.common.forms import apply_errors, apply_errors_to
from apps.common.http import AuthedRequest
from apps.common.ids import parse_ids
from apps.common.xlsx import xlsx_response
from apps.members.models import Member, Person
from apps.members.selectors import (
    members_in_scope,
    people_by_name_and_birth,
    pick_members,
    unit_of,
    usable_members,
)
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from apps.organizations.selectors import active_cells_in_scope
from domain import admission as d
from domain.roles import Perm
from domain.vietnamese import fold, normalize_name

from . import evaluation, services, steps
from .choices import Action, DocumentCode, Stage
from .forms import (
    DECISIONS,
    VOTES,
    ActionForm,
    CandidatePersonForm,
    CaseOpenForm,
    CommentForm,
    ConsentForm,
    DocumentForm,
    HelperForm,
    HoldForm,
    IntroducerForm,
    MoveCaseForm,
    VerificationForm,
)
from .messages import message
from .models import Case, LocalCriterion
from .selectors import cases_in_scope

# Who takes a step is a rule (domain.admission.COMMITTEE_ACTIONS).
COMMITTEE_ACTIONS = frozenset(Action(a.value) for a in d.COMMITTEE_ACTIONS)
BOARD_STAGES = [
    *[s for s in Stage if s.value in {x.value for x in d.PIPELINE} and s != Stage.FULL_MEMBER],
    Stage.REMOVAL_PROPOSED,
]
PRE_VOTE_DOCUMENTS = [
    DocumentCode.APPLICATION,
    DocumentCode.PERSONAL_HISTORY,
    DocumentCode.COMMENTS,
    DocumentCode.CELL_COMMENT,
]
PROBATION_DOCUMENTS = [
    DocumentCode.NEW_MEMBER_CERTIFICATE,
    DocumentCode.SELF_REVIEW,
    DocumentCode.HELPER_COMMENT,
    DocumentCode.PROBATION_COMMENTS,
]


MASK = "•••"
# Audit keys of a case that carry family background (the relation is part of
# the key: "verification:cha"), masked for roles without view_personal.
CASE_PERSONAL_CHANGES = frozenset({"verification"})


perm_for = steps.perm_for


def _case(request: AuthedRequest, pk: int, perm: Perm = Perm.VIEW) -> Case:
    return access(
        Case.objects.select_related("person", "organization__parent", "member"),
        request.user,
        perm,
        path_field="organization__path",
        pk=pk,
    )


def cards_xlsx(file_name: str, title: str, cards: list[dict[str, Any]]) -> HttpResponse:
    """Cases as listed on the board or the inbox, as a workbook."""
    header = [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Cell"),
        _("Stage"),
        _("Entered the pool on"),
        _("Deadline"),
        _("Due"),
        _("Overdue"),
    ]
    rows = []
    for i, card in enumerate(cards, start=1):
        case, deadline = card["case"], card["deadline"]
        rows.append(
            [
                i,
                case.person.full_name,
                case.person.date_of_birth,
                case.organization.name,
                case.get_stage_display(),
                case.opened_on,
                deadline.rule if deadline else "",
                deadline.due if deadline else None,
                bool(deadline and deadline.overdue),
            ]
        )
    return xlsx_response(file_name, title, header, rows)


def _card(case: Case, day: Any, cal: Any) -> dict[str, Any]:
    nxt = evaluation.next_deadline(case, day, cal)
    main = d.main_action(
        d.Stage(case.stage), evaluation.has_intermediate(case.organization), case.on_hold
    )
    return {"case": case, "deadline": nxt, "next_action": Action(main.value) if main else None}


@login_required
def cell_board(request: AuthedRequest, pk: int) -> HttpResponse:
    """The pipeline of one cell (or a committee's subtree) as a board by stage."""
    unit = access(Organization.objects.select_related("parent"), request.user, Perm.VIEW, pk=pk)
    cases = list(
        cases_in_scope(request.user)
        .filter(organization__path__startswith=unit.path)
        .exclude(
            stage__in=[
                Stage.FULL_MEMBER,
                Stage.WITHDRAWN,
                Stage.REJECTED,
                Stage.REMOVED,
                Stage.DECEASED,
            ]
        )
        .select_related("person", "organization__parent")
        .prefetch_related("consents")
    )
    cal, day = evaluation.calendar(), today()
    columns = []
    every: list[dict[str, Any]] = []
    # a cell without an intermediate committee never reaches its stages
    skip = (
        {s.value for s in d.intermediate_only_stages()}
        if unit.is_cell and not evaluation.has_intermediate(unit)
        else set()
    )
    for stage in BOARD_STAGES:
        cards = [_card(c, day, cal) for c in cases if c.stage == stage]
        if not cards and stage.value in skip:
            continue
        cards.sort(key=lambda card: card["deadline"].days_left if card["deadline"] else 10**6)
        columns.append({"stage": stage, "cards": cards})
        every.extend(cards)
    # a step the reader's role cannot take is shown as text, not a link to a 403
    may: dict[tuple[str, Perm], bool] = {}
    for card in every:
        action = card["next_action"]
        if action is not None:
            key = (card["case"].organization.path, steps.perm_for(action))
            if key not in may:
                may[key] = has_perm_at(request.user, *key)
            card["may_act"] = may[key]
    if request.GET.get("format") == "xlsx":
        record_access(
            request.user,
            kind=AccessKind.EXPORT,
            what=_("Development pipeline (Excel)"),
            target=Case,
            unit=unit,
            filters=request.GET,
            rows=len(every),
        )
        return cards_xlsx(f"ho-so-{unit.code}", _("Development pipeline"), every)
    return render(
        request,
        "admissions/board.html",
        {
            "unit": unit,
            "columns": columns,
            "total": len(cases),
            "can_add": unit.is_cell and has_perm_at(request.user, unit.path, Perm.CHANGE_MEMBERS),
            "criteria": LocalCriterion.objects.filter(organization=unit, active=True),
            "can_set_criteria": has_perm_at(request.user, unit.path, Perm.CHANGE_TREE),
        },
    )


@login_required
def case_create(request: AuthedRequest, pk: int) -> HttpResponse:
    cell = access(Organization.objects.all(), request.user, Perm.CHANGE_MEMBERS, pk=pk)
    if cell.kind != OrgKind.CELL:
        raise Http404
    person_form = CandidatePersonForm(request.POST or None, prefix="p", user=request.user)
    case_form = CaseOpenForm(request.POST or None, prefix="c", initial={"opened_on": today()})
    if request.method == "POST" and person_form.is_valid() and case_form.is_valid():
        try:
            person = person_form.save(commit=False)
            data = dict(case_form.cleaned_data)
            confirmed = data.pop("namesake_confirmed", False)
            if not confirmed:
                _ask_about_namesake(request, person)
            case = plausibility.save_if_plausible(
                plausibility.candidate(person.date_of_birth, data["opened_on"]),
                lambda: services.open_case(by=request.user, cell=cell, person=person, **data),
            )
        except ValidationError as exc:
            apply_errors_to([person_form, case_form], exc)
        else:
            messages.success(
                request, _("{name} added to the candidate pool.").format(name=case.person.full_name)
            )
            return redirect("admissions:case", pk=case.pk)
    return render(
        request,
        "admissions/case_form.html",
        {
            "cell": cell,
            "person_form": person_form,
            "case_form": case_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _ask_about_namesake(request: AuthedRequest, person: Person) -> None:
    """The same name and date of birth as someone recorded in the user's
    scope is a question, not silently a second person: refused until the
    user ticks that it is another person (namesakes outside the scope are
    not looked at)."""
    twin = people_by_name_and_birth(request.user, [person.full_name]).get(
        (fold(normalize_name(person.full_name)), person.date_of_birth)
    )
    if twin is not None:
        unit = unit_of(twin)
        raise ValidationError(
            {
                "namesake_confirmed": _(
                    "{name}, born {born}, is already recorded ({unit}). If this is another "
                    "person with the same name and date of birth, tick the box and save again; "
                    "if it is the same person, open their record instead."
                ).format(
                    name=twin.full_name,
                    born=twin.date_of_birth.strftime("%d/%m/%Y"),
                    unit=unit.name if unit else "—",
                )
            }
        )


def _checklist(case: Case) -> list[dict[str, Any]]:
    docs = {doc.code: doc for doc in case.documents.all()}
    wanted = list(PRE_VOTE_DOCUMENTS)
    if case.youth_union_exists:
        wanted.insert(2, DocumentCode.YOUTH_UNION_RESOLUTION)
    if case.stage in {s.value for s in d.IN_PROBATION} or case.stage == Stage.FULL_MEMBER:
        wanted += PROBATION_DOCUMENTS
    rows = [
        {"code": code, "label": DocumentCode(code).label, "doc": docs.get(code)} for code in wanted
    ]
    rows += [
        {"code": code, "label": DocumentCode(code).label, "doc": doc}
        for code, doc in docs.items()
        if code not in wanted
    ]
    return rows


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    # every view of a dossier is recorded, with the search the page was asked for
    record_access(
        request.user,
        kind=AccessKind.PAGE,
        what=_("Development case (dossier)"),
        target=case,
        filters=request.GET,
    )
    day = today()
    path = case.organization.path
    can_cell = has_perm_at(request.user, path, Perm.CHANGE_MEMBERS)
    can_decide = has_perm_at(request.user, path, Perm.DECIDE)
    # relatives and family background (the verifications): personal data
    personal = has_perm_at(request.user, path, Perm.VIEW_PERSONAL)
    outcomes = evaluation.preflight(case, day)
    confirmed = set(case.confirmed_criteria.values_list("pk", flat=True))
    certificate_until = (
        d.certificate_valid_until(case.certificate_on, evaluation.policy_for(day))
        if case.certificate_on
        else None
    )
    waiting_class = None
    if (
        case.stage == Stage.PROBATIONARY
        and not case.documents.filter(code=DocumentCode.NEW_MEMBER_CERTIFICATE).exists()
    ):
        from apps.training.models import Enrolment

        enrolment = (
            Enrolment.objects.filter(case=case, certificate_on__isnull=True)
            .exclude(training_class__status="cancelled")
            .select_related("training_class")
            .last()
        )
        waiting_class = enrolment.training_class if enrolment else ""
    steps_now = evaluation.next_steps(case, day)
    nexts = [
        {
            "step": s,
            "label": Action(s.action).label,
            "allowed": d.may_take(d.Action(s.action), cell=can_cell, committee=can_decide),
        }
        for s in steps_now
    ]
    main = d.main_action(
        d.Stage(case.stage), evaluation.has_intermediate(case.organization), case.on_hold
    )
    # the one step the case waits for, as the summary's big button
    main_step = next(
        (
            n
            for s, n in zip(steps_now, nexts, strict=True)
            if main and str(s.action) == main.value and n["allowed"]
        ),
        None,
    )
    members = _usable(request, case)
    picks = (
        {part: _pick(members, request.GET.get(f"{part}-q", "")) for part in PICKERS}
        if can_cell
        else {}
    )
    return render(
        request,
        "admissions/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "steps": case.steps.select_related("by"),
            "checklist": _checklist(case),
            "outcomes": [(o, message(o)) for o in outcomes],
            "blocking": bool(d.blocking(outcomes)),
            "deadlines": evaluation.deadlines(case, day),
            "next_steps": nexts,
            "main_step": main_step,
            "next_deadline": evaluation.next_deadline(case, day),
            "today": day,
            # the dossier's sections are open while the cell collects papers
            # (before the vote, and during probation); the others are folded
            "dossier_open": case.stage
            in (Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER, Stage.ADMITTED, Stage.PROBATIONARY),
            "votes": case.votes.all(),
            "introducers": case.introducers.select_related("member__person"),
            "verifications": case.verifications.all(),
            "helpers": case.helpers.select_related("member__person"),
            "comments": case.comments.select_related("by"),
            "consents": case.consents.all(),
            "can_cell": can_cell,
            "certificate_until": certificate_until,
            "certificate_expired": certificate_until is not None and certificate_until < day,
            "waiting_class": waiting_class,
            "criteria": [(c, c.pk in confirmed) for c in evaluation.applicable_criteria(case)],
            "forms": {
                "document": DocumentForm(prefix="document"),
                "verification": VerificationForm(prefix="verification"),
                "comment": CommentForm(prefix="comment"),
                "consent": ConsentForm(prefix="consent"),
                "introducer": IntroducerForm(members=members, prefix="introducer"),
                "helper": HelperForm(members=members, prefix="helper"),
            }
            if can_cell
            else {},
            "history": present(
                list(history(case)[:50]),
                masked=frozenset() if personal else CASE_PERSONAL_CHANGES,
            ),
            "picks": picks,
            "personal": personal,
            "mask": MASK,
        },
    )


# The parts of a case whose member is picked from the cell (RULES D5, P1).
PICKERS = ("introducer", "helper")
PICK_LIMIT = 20


def _usable(request: AuthedRequest, case: Case) -> QuerySet[Member]:
    """The members a picker on this case offers: those the cell may use
    (apps.members.selectors.usable_members), within the user's scope."""
    return usable_members(case.organization) & members_in_scope(request.user, Perm.CHANGE_MEMBERS)


def _pick(members: QuerySet[Member], text: str) -> dict[str, Any]:
    rows = pick_members(members, text, limit=PICK_LIMIT + 1)
    return {"q": text, "rows": rows[:PICK_LIMIT], "more": len(rows) > PICK_LIMIT}


@login_required
def case_pick(request: AuthedRequest, pk: int, part: str) -> HttpResponse:
    """Search-as-you-type for a member picker (htmx): at most 20 members the
    cell may use whose name has every typed word, as <option> rows. Without
    JavaScript the case page's "Search" button does the same by GET."""
    if part not in PICKERS:
        raise Http404
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    text = request.GET.get(f"{part}-q", request.GET.get("q", ""))[:100]
    return render(
        request, "admissions/_pick_options.html", {"pick": _pick(_usable(request, case), text)}
    )


def step_data(form: ActionForm) -> steps.StepData:
    """The Python values of a step's form, for steps.take."""
    data = form.cleaned_data
    return steps.StepData(
        on=data["on"],
        number=data.get("number") or "",
        received_on=data.get("received_on"),
        reason=data.get("reason") or "",
        attendance=form.attendance(),
        yes=data.get("yes"),
        no=data.get("no"),
        abstain=data.get("abstain") or 0,
        seen_stage=data.get("stage") or None,
    )


def _vote_date(request: AuthedRequest) -> Any:
    """The vote date typed in the posted form (whose cell members vote), or today."""
    from apps.common.forms import VNDateField

    try:
        return VNDateField().clean(request.POST.get("on", "")) or today()
    except ValidationError:
        return today()


@login_required
def case_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    try:
        act = Action(action)
    except ValueError:
        raise Http404 from None
    case = _case(request, pk, perm_for(act))
    on = _vote_date(request) if request.method == "POST" else today()
    voters = steps.official_members(case, on) if act in VOTES else []
    form = ActionForm(
        request.POST or None,
        action=act,
        voters=voters,
        initial={"on": today(), "stage": case.stage},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = steps.take(case, act, step_data(form), request.user).case
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recorded: {step}.").format(step=act.label))
            return redirect("admissions:case", pk=case.pk)
    window = next((s for s in evaluation.next_steps(case, today()) if s.action == act.value), None)
    return render(
        request,
        "admissions/action_form.html",
        {
            "case": case,
            "form": form,
            "action": act,
            "window": window,
            # the legal clock running while this step is taken (T1–T5)
            "next_deadline": evaluation.next_deadline(case, today()),
            "preflight": [(o, message(o)) for o in evaluation.preflight(case, today())]
            if act in VOTES
            else [],
        },
        status=400 if request.method == "POST" else 200,
    )


PARTS = {
    "document": (
        DocumentForm,
        lambda case, by, data, files: services.add_document(
            case, by=by, file=data.get("file"), **{k: v for k, v in data.items() if k != "file"}
        ),
    ),
    "verification": (
        VerificationForm,
        lambda case, by, data, files: services.add_verification(case, by=by, **data),
    ),
    "comment": (
        CommentForm,
        lambda case, by, data, files: services.add_comment(case, by=by, **data),
    ),
    "consent": (
        ConsentForm,
        lambda case, by, data, files: services.add_consent(case, by=by, **data),
    ),
    "introducer": (
        IntroducerForm,
        lambda case, by, data, files: services.add_introducer(case, by=by, **data),
    ),
    "helper": (
        HelperForm,
        lambda case, by, data, files: services.assign_helper(case, by=by, **data),
    ),
}


@login_required
@require_POST
def case_part(request: AuthedRequest, pk: int, part: str) -> HttpResponse:
    """Add a piece of the dossier: a document, an introducer, a verification,
    a helper, a comment or a consent."""
    if part not in PARTS:
        raise Http404
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    form_class, save = PARTS[part]
    kwargs: dict[str, Any] = {}
    if part in PICKERS:
        kwargs["members"] = _usable(request, case)
    form = form_class(request.POST, request.FILES, prefix=part, **kwargs)
    if form.is_valid():
        try:
            save(case, request.user, form.cleaned_data, request.FILES)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("admissions:case", pk=case.pk)


@login_required
@require_POST
def case_part_remove(request: AuthedRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    """Remove a wrongly recorded part of the dossier, with the reason
    (services.remove_part): whoever may record it may correct it."""
    if part not in services.CORRECTABLE:
        raise Http404
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    try:
        services.remove_part(
            case,
            by=request.user,
            part=part,
            pk=part_pk,
            reason=request.POST.get("reason", "")[:300],
        )
    except LookupError:
        raise Http404 from None
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Corrected."))
    return redirect("admissions:case", pk=case.pk)


@login_required
@require_POST
def case_hold(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    form = HoldForm(request.POST)
    form.is_valid()
    try:
        services.set_hold(
            case,
            by=request.user,
            on_hold=not case.on_hold,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    return redirect("admissions:case", pk=case.pk)


@login_required
def case_move(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    form = MoveCaseForm(
        request.POST or None,
        cells=active_cells_in_scope(request.user, Perm.CHANGE_MEMBERS).exclude(
            pk=case.organization_id
        ),
        initial={"on": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_case(case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The case moved to {name}.").format(name=form.cleaned_data["to"].name)
            )
            return redirect("admissions:case", pk=case.pk)
    return render(
        request,
        "admissions/move_form.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _decide_scope(user: Any) -> list[str]:
    paths = scope_paths(user, Perm.DECIDE)
    if not paths:
        raise PermissionDenied
    return paths


INBOX_STAGES = [
    Stage.CELL_RESOLVED,
    Stage.APPRAISED,
    Stage.COMMITTEE_RESOLVED,
    Stage.RECOGNITION_CELL_RESOLVED,
    Stage.RECOGNITION_APPRAISED,
    Stage.RECOGNITION_COMMITTEE_RESOLVED,
    Stage.REMOVAL_PROPOSED,
]


def _inbox_rows(user: Any) -> list[dict[str, Any]]:
    _decide_scope(user)
    cases = (
        cases_in_scope(user, Perm.DECIDE)
        .filter(stage__in=INBOX_STAGES, on_hold=False)
        .select_related("person", "organization__parent")
        .prefetch_related("consents")
    )
    cal, day = evaluation.calendar(), today()
    rows = []
    for case in cases:
        card = _card(case, day, cal)
        if card["next_action"] is None or card["next_action"] not in COMMITTEE_ACTIONS:
            continue
        if case.stage == Stage.REMOVAL_PROPOSED:
            card["proposal"] = steps.removal_proposal(case)
        rows.append(card)
    rows.sort(key=lambda r: (r["deadline"].days_left if r["deadline"] else 10**6, r["case"].pk))
    return rows


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """Cases waiting for a committee resolution or a decision, most urgent first."""
    from .forms import BulkForm

    rows = _inbox_rows(request.user)
    if request.GET.get("format") == "xlsx":
        record_access(
            request.user,
            kind=AccessKind.EXPORT,
            what=_("Cases waiting for the committee (Excel)"),
            target=Case,
            filters=request.GET,
            rows=len(rows),
        )
        return cards_xlsx("ho-so-cho-xu-ly", _("Cases waiting for the committee"), rows)
    form = BulkForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        wanted = set(parse_ids(request.POST.getlist("case")))
        chosen = [r for r in rows if r["case"].pk in wanted]
        if not chosen:
            form.add_error(None, _("Choose at least one case."))
        elif request.POST.get("op") == "return":
            reason = form.cleaned_data["reason"].strip()
            if not reason:
                form.add_error("reason", _("Give the reason for returning the cases."))
            else:
                from apps.deadlines import notify

                for row in chosen:
                    services.set_hold(
                        row["case"],
                        by=request.user,
                        on_hold=True,
                        reason=_("Returned by the committee: {reason}").format(reason=reason),
                    )
                    notify.case_returned(row["case"], reason)
                messages.success(
                    request, _("{n} cases returned to their cells.").format(n=len(chosen))
                )
                return redirect("admissions:inbox")
        else:
            asked = form.cleaned_data.get("first_number")
            done, failed, given = _bulk_approve(request, chosen, form.cleaned_data)
            if done:
                messages.success(request, _("{n} cases approved.").format(n=done))
            if given:
                # the numbers to write on the papers, said plainly: a number
                # already used is never given twice, the next free one is
                first = given[0][2]
                if asked is not None and first != asked:
                    messages.warning(
                        request,
                        _(
                            "Decision number {asked} was already used this year: the "
                            "numbering continued from {first}. Write these numbers on the papers."
                        ).format(asked=asked, first=first),
                    )
                messages.info(
                    request,
                    _("Decision numbers given: {list}.").format(
                        list="; ".join(f"{name} — {number}" for name, number, _s in given)
                    ),
                )
            for name, error in failed:
                messages.error(request, f"{name}: {error}")
            return redirect("admissions:inbox")
    return render(
        request,
        "admissions/inbox.html",
        {"rows": rows, "form": form, "next_numbers": _next_numbers(rows)},
        status=400 if request.method == "POST" else 200,
    )


def _next_numbers(rows: list[dict[str, Any]]) -> list[tuple[Organization, int, int]]:
    """For each issuing body of the decisions waiting: the next free decision
    serial this year, shown before a bulk approval."""
    from . import numbers

    year = today().year
    bodies: dict[int, Organization] = {}
    cells: set[int] = set()
    for row in rows:
        cell = row["case"].organization
        if row["next_action"] in DECISIONS and cell.pk not in cells:
            cells.add(cell.pk)
            body = numbers.issuing_body(cell)
            bodies[body.pk] = body
    return [(body, year, numbers.next_free(body, year)) for body in bodies.values()]


def _bulk_approve(
    request: AuthedRequest, chosen: list[dict[str, Any]], data: dict[str, Any]
) -> tuple[int, list[tuple[str, str]], list[tuple[str, str, int]]]:
    """Each case takes its next committee step in its own transaction: one
    that the rules refuse is reported and left as it was. A decision takes
    its number from the issuing body's counter inside that transaction
    (apps.admissions.numbers.allocate: at least the number asked for, never
    one already given), so two people approving at once or a second run
    after a failure give no duplicates. If the run stops on an unexpected
    error, the cases approved so far stay approved, and the message says how
    far it got and that submitting again continues. Returns (cases done,
    (name, error) of those refused, (name, number, serial) of each decision
    number given)."""
    from django.db import DatabaseError, transaction

    from . import numbers

    wanted = data.get("first_number")
    suffix = data.get("number_suffix") or ""
    done, failed = 0, []
    given: list[tuple[str, str, int]] = []
    for row in chosen:
        case, action = row["case"], row["next_action"]
        if action in DECISIONS and wanted is None:
            failed.append((case.person.full_name, _("Enter the first decision number.")))
            continue
        try:
            with transaction.atomic():
                number = ""
                if action in DECISIONS:
                    body = numbers.issuing_body(case.organization)
                    serial = numbers.allocate(body, data["on"].year, at_least=wanted)
                    number = f"{serial}{suffix}"
                step = steps.StepData(
                    on=data["on"],
                    number=number,
                    # approving a proposed removal decides it for the cell's reason
                    reason=steps.removal_proposal(case) if action == Action.REMOVE else "",
                    seen_stage=case.stage,
                )
                steps.take(case, action, step, request.user)
        except ValidationError as exc:
            failed.append((case.person.full_name, "; ".join(exc.messages)))
            continue
        except DatabaseError as exc:
            left = len(chosen) - done - len(failed)
            failed.append(
                (
                    case.person.full_name,
                    _(
                        "The approval stopped here ({error}): {done} of {total} cases were "
                        "approved and keep their numbers; {left} were not touched. Submit "
                        "again to continue: the numbers go on from the next free one."
                    ).format(error=type(exc).__name__, done=done, total=len(chosen), left=left),
                )
            )
            break
        done += 1
        if action in DECISIONS:
            given.append((case.person.full_name, number, serial))
            wanted = serial + 1
    return done, failed, given


@login_required
def document_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A scanned dossier document, to users who may see its case's personal
    data; each download is recorded."""
    from django.http import FileResponse

    from .models import CaseDocument

    doc = access(
        CaseDocument.objects.select_related("case__person", "case__organization"),
        request.user,
        Perm.VIEW_PERSONAL,
        path_field="case__organization__path",
        pk=pk,
    )
    if not doc.file:
        raise Http404
    record_access(
        request.user,
        kind=AccessKind.FILE,
        what=_("Scanned document: {name}").format(name=doc.get_code_display()),
        target=doc.case,
        filters={"document": doc.code},
    )
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def case_criteria(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    ids = parse_ids(request.POST.getlist("criterion"))
    services.confirm_criteria(case, by=request.user, criterion_ids=ids)
    messages.success(request, _("Saved."))
    return redirect("admissions:case", pk=case.pk)


@login_required
@require_POST
def criterion_add(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access(Organization.objects.all(), request.user, Perm.CHANGE_TREE, pk=pk)
    try:
        services.add_local_criterion(
            by=request.user, organization=unit, text=request.POST.get("text", "")
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, _("Criterion: {error}").format(error=error))
    else:
        messages.success(request, _("Saved."))
    return redirect("admissions:board", pk=unit.pk)


@login_required
@require_POST
def criterion_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    from .models import LocalCriterion

    criterion = access(
        LocalCriterion.objects.select_related("organization"),
        request.user,
        Perm.CHANGE_TREE,
        path_field="organization__path",
        pk=pk,
    )
    services.retire_local_criterion(criterion, by=request.user)
    messages.success(request, _("Saved."))
    return redirect("admissions:board", pk=criterion.organization_id)


@login_required
def readmit(request: AuthedRequest, member_pk: int) -> HttpResponse:
    """Open a re-admission case (RULES T6) for a former member."""
    from .forms import ReadmissionForm

    member = access(
        Member.objects.select_related("person", "organization"),
        request.user,
        Perm.VIEW,
        path_field="organization__path",
        pk=member_pk,
    )
    cells = active_cells_in_scope(request.user, Perm.CHANGE_MEMBERS)
    if member.is_active or not cells.exists():
        raise PermissionDenied
    form = ReadmissionForm(
        request.POST or None,
        cells=cells,
        initial={
            "opened_on": today(),
            "previous_left_on": member.left_on,
            "organization": member.organization_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                by=request.user,
                cell=data.pop("organization"),
                person=member.person,
                kind="readmission",
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("{name} added to the candidate pool.").format(name=member.person.full_name),
            )
            return redirect("admissions:case", pk=case.pk)
    return render(
        request,
        "admissions/readmit_form.html",
        {"member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def verification_conclude(request: AuthedRequest, pk: int, verification_pk: int) -> HttpResponse:
    """Record the conclusion of a pending history verification (RULES D3)."""
    from apps.common.forms import VNDateField

    case = _case(request, pk, Perm.CHANGE_MEMBERS)
    row = case.verifications.filter(pk=verification_pk, concluded_on__isnull=True).first()
    if row is None:
        raise Http404
    try:
        concluded_on = VNDateField().clean(request.POST.get("concluded_on", ""))
        services.conclude_verification(row, by=request.user, concluded_on=concluded_on)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, _("Verification concluded on: {error}").format(error=error))
    else:
        messages.success(request, _("Saved."))
    return redirect("admissions:case", pk=case.pk)
