from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common.forms import VNDateField
from apps.organizations.forms import UnitChoiceField
from apps.organizations.models import Organization

from .models import CourseKind, Provider


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class ClassForm(forms.Form):
    kind = forms.ModelChoiceField(label=gettext_lazy("Course"), queryset=CourseKind.objects.all())
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=Provider.objects.none()
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    capacity = forms.IntegerField(label=gettext_lazy("Capacity"), min_value=1, max_value=2000)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    teachers = forms.CharField(label=gettext_lazy("Teachers"), max_length=300, required=False)
    units = UnitsField(label=gettext_lazy("Units served"), queryset=Organization.objects.none())
    days = forms.CharField(
        label=gettext_lazy("Days of the class"),
        help_text=gettext_lazy("dd/mm/yyyy, separated by commas; days need not follow each other"),
    )

    def __init__(self, *args: Any, providers: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def clean_days(self) -> list[datetime.date]:
        days = []
        for part in self.cleaned_data["days"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(datetime.datetime.strptime(part, "%d/%m/%Y").date())
            except ValueError:
                raise forms.ValidationError(
                    _("“{day}” is not a date: write dd/mm/yyyy, e.g. 05/03/2026.").format(day=part)
                ) from None
        if not days:
            raise forms.ValidationError(_("Give at least one day of the class."))
        return days


class ProviderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    organization = UnitChoiceField(label=gettext_lazy("Unit"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units  # type: ignore[attr-defined]


class CertificateForm(forms.Form):
    on = VNDateField(label=gettext_lazy("Certificate date"))
    first_number = forms.IntegerField(label=gettext_lazy("First certificate number"), min_value=1)
    suffix = forms.CharField(
        label=gettext_lazy("Number suffix"), max_length=30, required=False, initial="/GCN"
    )
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=200)


class CancelForm(forms.Form):
    """The reason asked before a class is cancelled (kept with the class)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the cancellation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: too few participants, the teacher cannot come. "
            "It is shown on the class page and kept in the history."
        ),
    )
