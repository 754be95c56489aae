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


class ScopedPersonForm(forms.ModelForm):
    """A person's details, whose citizen ID is checked by the scope rule for
    people (apps.members.selectors.citizen_id_problem): taken by someone the
    user may see — named, with their cell — or recorded elsewhere, which
    gets the one neutral answer. (Django's own unique check then skips the
    field, as it does every field that failed.)"""

    # the version of the record the form was read at (optimistic locking)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def clean_citizen_id(self) -> str | None:
        from .selectors import citizen_id_problem

        value = (self.cleaned_data.get("citizen_id") or "").strip() or None
        problem = citizen_id_problem(self.user, value, exclude=self.instance)
        if problem:
            raise forms.ValidationError(problem, code="citizen_id_taken")
        return value


class PersonForm(ScopedPersonForm):
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

    # the version of the record the form was read at (optimistic locking)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
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
