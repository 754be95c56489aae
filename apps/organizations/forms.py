from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common.forms import VNDateField

from .choices import CellCategory, DecisionBody, DecisionThreshold, OrgKind
from .models import Organization


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def _dated_fields() -> dict[str, forms.Field]:
    return {
        "on": VNDateField(label=gettext_lazy("Effective date")),
        "document": forms.CharField(
            label=gettext_lazy("Decision document (number, date)"), max_length=120, required=False
        ),
    }


class OrganizationCreateForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=OrgKind.choices)
    category = forms.ChoiceField(
        label=gettext_lazy("Cell category"),
        choices=[("", "—"), *CellCategory.choices],
        required=False,
    )
    admin_code = forms.CharField(
        label=gettext_lazy("Administrative code"), max_length=10, required=False
    )
    valid_from = VNDateField(label=gettext_lazy("Established on"))
    decision_body = forms.ChoiceField(
        label=gettext_lazy("Admission decided by"), choices=DecisionBody.choices, required=False
    )
    decision_threshold = forms.ChoiceField(
        label=gettext_lazy("Decision threshold"), choices=DecisionThreshold.choices, required=False
    )
    document = forms.CharField(
        label=gettext_lazy("Decision document (number, date)"), max_length=120, required=False
    )


class OrganizationEditForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    category = forms.ChoiceField(
        label=gettext_lazy("Cell category"),
        choices=[("", "—"), *CellCategory.choices],
        required=False,
    )
    admin_code = forms.CharField(
        label=gettext_lazy("Administrative code"), max_length=10, required=False
    )
    decision_body = forms.ChoiceField(
        label=gettext_lazy("Admission decided by"), choices=DecisionBody.choices, required=False
    )
    decision_threshold = forms.ChoiceField(
        label=gettext_lazy("Decision threshold"), choices=DecisionThreshold.choices, required=False
    )

    def __init__(self, *args: Any, competence: bool = True, **kwargs: Any) -> None:
        """`competence`: whether the user may set the decision body and
        threshold (RULES V5: the level above sets them); without it the two
        fields are left out."""
        super().__init__(*args, **kwargs)
        if not competence:
            del self.fields["decision_body"]
            del self.fields["decision_threshold"]


class RenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New name"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_dated_fields())


class MoveForm(forms.Form):
    new_parent = UnitChoiceField(
        label=gettext_lazy("New parent unit"), queryset=Organization.objects.none()
    )

    def __init__(self, *args: Any, targets: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets  # type: ignore[attr-defined]
        self.fields.update(_dated_fields())


class MergeForm(forms.Form):
    into = UnitChoiceField(label=gettext_lazy("Merge into"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, targets: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]
        self.fields.update(_dated_fields())


class DissolveForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_dated_fields())


class SplitForm(forms.Form):
    """Split into `parts` new units; each current unit and member is given
    to one of them."""

    def __init__(
        self,
        *args: Any,
        parts: int,
        children: list[Organization],
        members: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.children = children
        self.members = members
        for i in range(1, parts + 1):
            self.fields[f"part{i}_code"] = forms.CharField(
                label=_("New unit {n}: code").format(n=i), max_length=40
            )
            self.fields[f"part{i}_name"] = forms.CharField(
                label=_("New unit {n}: name").format(n=i), max_length=200
            )
        choices = [(str(i), _("New unit {n}").format(n=i)) for i in range(1, parts + 1)]
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=choices)
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.person.full_name, choices=choices
            )
        self.fields.update(_dated_fields())

    def part_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"part{i}_code"], self[f"part{i}_name"]) for i in range(1, self.parts + 1)]

    def assignment_fields(self) -> list[forms.BoundField]:
        return [self[f"child_{c.pk}"] for c in self.children] + [
            self[f"member_{m.pk}"] for m in self.members
        ]


class AsOfForm(forms.Form):
    as_of = VNDateField(label=gettext_lazy("Counts as of"), required=False)
