from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from apps.common.forms import VNDateField
from apps.members.forms import ScopedPersonForm
from apps.members.models import PERSON_FIELDS, Member, Person
from apps.organizations.forms import UnitChoiceField
from apps.organizations.models import Organization

from .choices import Action, Attendance, ConsentKind, DocumentCode, ExitReason, SourceOrg
from .models import CalendarOverride, PolicyVersion

DECISIONS = (Action.DECIDE_ADMISSION, Action.DECIDE_RECOGNITION)
VOTES = (Action.CELL_VOTE, Action.RECOGNITION_VOTE)
CLOSING = (Action.WITHDRAW, Action.REJECT, Action.REMOVE, Action.DECEASE)
# Steps whose reason is recorded: the closings, and the removal proposal and its refusal.
WITH_REASON = (*CLOSING, Action.PROPOSE_REMOVAL, Action.DECLINE_REMOVAL)


class CandidatePersonForm(ScopedPersonForm):
    date_of_birth = VNDateField(label=gettext_lazy("Date of birth"))

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)


class CaseOpenForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Proposed by"), choices=SourceOrg.choices)
    opened_on = VNDateField(label=gettext_lazy("Entered the pool on"))
    youth_union_exists = forms.BooleanField(
        label=gettext_lazy("A Youth Union organisation exists where the applicant works or lives"),
        required=False,
        initial=True,
    )
    is_citizen = forms.BooleanField(
        label=gettext_lazy("Vietnamese citizen"), required=False, initial=True
    )
    education_exception = forms.BooleanField(
        label=gettext_lazy(
            "Education exception (mountain, border, island, ethnic-minority area, fishermen; E4)"
        ),
        required=False,
    )
    namesake_confirmed = forms.BooleanField(
        label=gettext_lazy(
            "Another person with the same name and date of birth as someone already recorded"
        ),
        required=False,
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name} ({obj.organization.name})"


class ActionForm(forms.Form):
    """The form of one workflow step: its date, and what the step needs."""

    on = VNDateField(label=gettext_lazy("Date"))
    # the stage the page showed: a step on a case that has moved since is refused
    stage = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, action: Action, voters: list[Member] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.voters = voters or []
        if action == Action.RECORD_CERTIFICATE:
            self.fields["number"] = forms.CharField(
                label=gettext_lazy("Certificate number"), max_length=40, required=False
            )
        if action in DECISIONS:
            self.fields["number"] = forms.CharField(
                label=gettext_lazy("Decision number"), max_length=40
            )
        if action in (Action.DECIDE_ADMISSION, Action.HOLD_CEREMONY):
            # At the decision if known then; else with the ceremony (T2 counts from it).
            self.fields["received_on"] = VNDateField(
                label=gettext_lazy("Received by the cell on"),
                required=False,
                help_text=gettext_lazy(
                    "The day the cell received the admission decision: the ceremony's "
                    "deadline (T2) counts from it."
                ),
            )
        if action in VOTES:
            for member in self.voters:
                self.fields[f"att_{member.pk}"] = forms.ChoiceField(
                    label=member.person.full_name,
                    choices=Attendance.choices,
                    initial=Attendance.PRESENT,
                )
            self.fields["yes"] = forms.IntegerField(label=gettext_lazy("Yes"), min_value=0)
            self.fields["no"] = forms.IntegerField(label=gettext_lazy("No"), min_value=0)
            self.fields["abstain"] = forms.IntegerField(
                label=gettext_lazy("Abstain"), min_value=0, initial=0
            )
        if action in WITH_REASON:
            self.fields["reason"] = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def attendance(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"att_{m.pk}"] for m in self.voters}

    def attendance_fields(self) -> list[forms.BoundField]:
        return [self[f"att_{m.pk}"] for m in self.voters]


class DocumentForm(forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("Document"), choices=DocumentCode.choices)
    received_on = VNDateField(label=gettext_lazy("Received on"))
    number = forms.CharField(label=gettext_lazy("Number"), max_length=60, required=False)
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=200, required=False)
    valid_until = VNDateField(label=gettext_lazy("Valid until"), required=False)
    file = forms.FileField(label=gettext_lazy("Scanned file"), required=False)


class IntroducerForm(forms.Form):
    member = MemberChoiceField(
        label=gettext_lazy("Introducing member"), queryset=Member.objects.none()
    )
    together_since = VNDateField(label=gettext_lazy("Worked or lived with the applicant since"))
    introduced_on = VNDateField(label=gettext_lazy("Introduction date"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class HelperForm(forms.Form):
    member = MemberChoiceField(label=gettext_lazy("Helper member"), queryset=Member.objects.none())
    assigned_on = VNDateField(label=gettext_lazy("Assigned on"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class VerificationForm(forms.Form):
    relation = forms.CharField(label=gettext_lazy("Relation"), max_length=60)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=120)
    concluded_on = VNDateField(label=gettext_lazy("Verification concluded on"), required=False)
    exempt = forms.BooleanField(
        label=gettext_lazy("Party member fully declared: no verification needed"), required=False
    )


class CommentForm(forms.Form):
    on = VNDateField(label=gettext_lazy("Cell meeting date"))
    text = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Exception"), choices=ConsentKind.choices)
    document = forms.CharField(label=gettext_lazy("Document number"), max_length=80)
    date = VNDateField(label=gettext_lazy("Date"))
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=200)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


class HoldForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


class MoveCaseForm(forms.Form):
    to = UnitChoiceField(label=gettext_lazy("New cell"), queryset=Organization.objects.none())
    on = VNDateField(label=gettext_lazy("Date"))

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = cells  # type: ignore[attr-defined]


class BulkForm(forms.Form):
    on = VNDateField(label=gettext_lazy("Date"))
    first_number = forms.IntegerField(
        label=gettext_lazy("First decision number"), min_value=1, required=False
    )
    number_suffix = forms.CharField(
        label=gettext_lazy("Number suffix"), max_length=30, required=False, initial="-QĐ/ĐU"
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for returning"), max_length=300, required=False
    )


class PolicyVersionForm(forms.ModelForm):
    effective_from = VNDateField(label=gettext_lazy("In force from"))

    class Meta:
        model = PolicyVersion
        fields = ["code", "effective_from", "documents", *PolicyVersion.PARAMETERS]


class CalendarOverrideForm(forms.ModelForm):
    date = VNDateField(label=gettext_lazy("Date"))

    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "note"]


class ReadmissionForm(forms.Form):
    organization = UnitChoiceField(label=gettext_lazy("Cell"), queryset=Organization.objects.none())
    source = forms.ChoiceField(label=gettext_lazy("Proposed by"), choices=SourceOrg.choices)
    opened_on = VNDateField(label=gettext_lazy("Entered the pool on"))
    previous_left_on = VNDateField(label=gettext_lazy("Left the Party on"))
    exit_reason = forms.ChoiceField(
        label=gettext_lazy("How the person left"), choices=ExitReason.choices
    )
    expunged_on = VNDateField(label=gettext_lazy("Conviction expunged on"), required=False)
    readmitted_before = forms.BooleanField(
        label=gettext_lazy("Already re-admitted once"), required=False
    )

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
