"""How a case's own audit keys and notes read in its history: the words of
the document, the consent or the step, never the internal code."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import Action, ConsentKind, DocumentCode

# the form fields of a document a change can name ("document:code:number")
DOCUMENT_FIELDS = {
    "number": gettext_noop("Number"),
    "issuer": gettext_noop("Issued by"),
    "valid_until": gettext_noop("Valid until"),
    "file": gettext_noop("Scanned file"),
}


def _choice(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def document_label(rest: str) -> str:
    """ "cell_comment" → the document's name; "cell_comment:number" → its name
    and the field's."""
    code, _sep, name = rest.partition(":")
    label = _choice(DocumentCode, code)
    if name:
        return f"{label} — {_(DOCUMENT_FIELDS.get(name, name))}"
    return label


def consent_label(rest: str) -> str:
    return _choice(ConsentKind, rest)


def verification_label(rest: str) -> str:
    return _("Verification ({relation})").format(relation=rest)


# the parts of a dossier a correction can remove (services.CORRECTABLE)
PART_LABELS = {
    "introducer": gettext_noop("Introducing member"),
    "verification": gettext_noop("History verification"),
    "helper": gettext_noop("Helper member"),
    "consent": gettext_noop("Exception"),
    "comment": gettext_noop("Comment"),
    "document": gettext_noop("Document"),
}


def part_label(part: str) -> str:
    return _(PART_LABELS.get(part, part))


def removed_label(rest: str) -> str:
    return _("Removed: {part}").format(part=part_label(rest))


LABELS: dict[str, Callable[[str], str]] = {
    "removed": removed_label,
    "document": document_label,
    "consent": consent_label,
    "verification": verification_label,
}


def step_note(action: str, policy_code: str) -> str:
    """The audit note of a step: its name and the policy version applied."""
    return _("{step} (regulations of version {version})").format(
        step=_choice(Action, action), version=policy_code
    )
