from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy

from apps.common.forms import VNDateField
from apps.organizations.forms import UnitChoiceField
from apps.organizations.models import Organization

from .choices import MemberStatus
from .models import PERSON_FIELDS, Member, Person


class PersonForm(forms.ModelForm):
    date_of_birth = VNDateField(label=gettext_lazy("Date of birth"))

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)


class MemberForm(forms.ModelForm):
    organization = UnitChoiceField(label=gettext_lazy("Cell"), queryset=Organization.objects.none())
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            (MemberStatus.PROBATIONARY.value, MemberStatus.PROBATIONARY.label),
            (MemberStatus.FULL.value, MemberStatus.FULL.label),
        ],
    )
    admitted_on = VNDateField(label=gettext_lazy("Admission decision date"))
    ceremony_on = VNDateField(label=gettext_lazy("Admission ceremony date"), required=False)
    full_on = VNDateField(label=gettext_lazy("Full membership date"), required=False)
    residence_cell = UnitChoiceField(
        label=gettext_lazy("Residence-area cell"),
        queryset=Organization.objects.none(),
        required=False,
    )

    class Meta:
        model = Member
        fields = [
            "organization",
            "status",
            "admitted_on",
            "ceremony_on",
            "full_on",
            "card_number",
            "residence_cell",
        ]

    def __init__(
        self, *args: Any, cells: QuerySet[Organization], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
        self.fields["residence_cell"].queryset = cells  # type: ignore[attr-defined]
        if editing:
            # The cell changes only through a dated transfer.
            del self.fields["organization"]
            del self.fields["status"]

    def _post_clean(self) -> None:
        # Cross-field rules live in the service (one place for the form, the
        # API and imports): fill the instance, but skip model validation.
        construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class TransferForm(forms.Form):
    to = UnitChoiceField(label=gettext_lazy("New cell"), queryset=Organization.objects.none())
    on = VNDateField(label=gettext_lazy("Transfer date"))

    def __init__(self, *args: Any, cells: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = cells  # type: ignore[attr-defined]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Active members")),
            ("all", gettext_lazy("All")),
            *MemberStatus.choices,
        ],
    )
