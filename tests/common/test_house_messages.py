"""Messages that say what was read and what to do: dates that do not exist
told apart from format errors, and Django's own Vietnamese messages
replaced by ours."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import translation
from django.utils.translation import gettext

from apps.common.forms import VNDateField


def _error(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        VNDateField().clean(value)
    return info.value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("31/02/2026", "no_such_day"),
        ("29/02/2026", "no_such_day"),
        ("31/04/2026", "no_such_day"),
        ("00/03/2026", "no_such_day"),
        ("05/13/2026", "no_such_month"),
        ("05/00/2026", "no_such_month"),
        ("5 tháng 3", "invalid"),
        ("2026/03/05", "invalid"),
        ("05/03/26", "invalid"),
    ],
)
def test_a_date_that_does_not_exist_is_told_apart_from_a_format_error(
    typed: str, code: str
) -> None:
    assert _error(typed).code == code


def test_the_last_day_of_each_month_and_a_leap_day_are_accepted() -> None:
    field = VNDateField()
    assert field.clean("29/02/2028").day == 29
    assert field.clean("31/12/2026").month == 12
    assert field.clean("30-04-2026").day == 30


def test_a_missing_day_is_named_in_vietnamese_with_the_days_the_month_has() -> None:
    with translation.override("vi"):
        text = " ".join(_error("31/02/2026").messages)
    assert "không có ngày 31/02/2026" in text.lower()
    assert "28 ngày" in text


def test_a_format_error_quotes_what_was_read_and_shows_the_format() -> None:
    with translation.override("vi"):
        text = " ".join(_error("5 tháng 3").messages)
    assert "5 tháng 3" in text and "dd/mm/yyyy" in text


class _Count(forms.Form):
    n = forms.IntegerField(label="Số lượng", validators=[MinValueValidator(0)])


def test_django_messages_are_replaced_by_house_style_vietnamese() -> None:
    with translation.override("vi"):
        below = _Count({"n": "-1"})
        missing = _Count({"n": ""})
        assert not below.is_valid() and not missing.is_valid()
        low = below.errors["n"][0]
        required = missing.errors["n"][0]
    assert "lớn hơn hoặc bằng với" not in low and "0" in low and " ." not in low
    assert required != "Trường này là bắt buộc."


def test_a_duplicate_is_named_with_what_to_do_instead_of_djangos_wording() -> None:
    with translation.override("vi"):
        text = gettext("%(model_name)s with this %(field_label)s already exists.") % {
            "model_name": "Cá nhân",
            "field_label": "Số CCCD",
        }
    assert "đã tồn tại" not in text
    assert text.startswith("Số CCCD này đã có trong một hồ sơ khác (Cá nhân)")
    assert "mở hồ sơ đã có" in text
