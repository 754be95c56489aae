"""The API's errors in Vietnamese.

Django REST framework's own messages (a field that may not be null, a
boolean, an integer, a choice, missing credentials...) are partly
untranslated in its Vietnamese catalogue: the ones the API can answer are
marked here so that they are extracted into ours
(locale/vi/LC_MESSAGES/django.po, which takes precedence), and the JSON
parse error, which DRF formats in English, is replaced by a sentence that
says what was wrong and what to do."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# DRF's message ids (exact, placeholders included), translated in our catalogue.
DRF_MESSAGES = (
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("A server error occurred."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Invalid input."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Invalid value."),
    gettext_noop("Malformed request."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Request was throttled."),
    gettext_noop("String value too large."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("This field may not be null."),
    gettext_noop("This selection may not be empty."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a request body that is not JSON explained in
    Vietnamese (DRF's "JSON parse error - …" is English and formatted)."""
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error"):
        where = str(exc.detail).split(": ", 1)[-1]
        exc = exceptions.ParseError(
            _(
                "The request body is not valid JSON ({where}): check the quotes, commas and "
                "brackets, and send Content-Type: application/json."
            ).format(where=where)
        )
    if isinstance(exc, Http404 | exceptions.NotFound):
        # Django's "No Case matches the given query." is English and names
        # the model; out of scope and missing read the same (neutral)
        exc = exceptions.NotFound(
            _("Not found, or outside your scope: check the id, or ask the level above.")
        )
    return drf_exception_handler(exc, context)
