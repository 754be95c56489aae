"""How a cell becomes a value: dates are never guessed, phones and citizen
IDs typed as numbers keep their leading zeros (docs/imports.md)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from apps.imports.columns import CellError, Noted, as_citizen_id, as_date, as_phone

D = dt.date


@pytest.fixture(autouse=True)
def vietnamese() -> Any:
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("05/03/1980", D(1980, 3, 5)),
        ("5/3/1980", D(1980, 3, 5)),
        ("05-03-1980", D(1980, 3, 5)),
        ("05.03.1980", D(1980, 3, 5)),
        ("1980-03-05", D(1980, 3, 5)),
        (dt.datetime(1980, 3, 5), D(1980, 3, 5)),
        (D(1980, 3, 5), D(1980, 3, 5)),
        ("29/02/2024", D(2024, 2, 29)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_written_in_full_are_read(cell: Any, day: Any) -> None:
    assert as_date(cell) == day


def refusal(cell: Any) -> str:
    with pytest.raises(CellError) as caught:
        as_date(cell)
    return str(caught.value)


def test_a_year_alone_is_refused_never_made_a_day() -> None:
    assert refusal("1962") == (
        "“1962” chỉ là năm: hãy ghi đủ ngày sinh theo hồ sơ, dạng dd/mm/yyyy "
        "(ngày/tháng/1962). Không bao giờ tự đặt ra ngày từ một năm."
    )
    # typed as a number, Excel would read it as a day of 1905
    assert refusal(1962).endswith("(Excel sẽ hiểu số này là ngày 15/05/1905.)")
    assert refusal(1962.0).startswith("“1962” chỉ là năm")


def test_a_two_digit_year_is_refused_with_both_readings() -> None:
    assert refusal("12/12/60") == (
        "“12/12/60”: năm chỉ có 2 chữ số. Hãy ghi đủ 4 chữ số theo hồ sơ: "
        "12/12/1960 hay 12/12/2060?"
    )
    assert "05/03/1965 hay 05/03/2065" in refusal("5/3/65")


def test_a_day_that_does_not_exist_is_refused() -> None:
    assert refusal("31/02/2026") == (
        "“31/02/2026”: không có ngày này, tháng 2 năm 2026 chỉ có 28 ngày. "
        "Hãy xem lại ngày trong hồ sơ."
    )
    assert "tháng 2 năm 2025 chỉ có 28 ngày" in refusal("29/02/2025")
    assert refusal("12/25/1980") == (
        "“12/25/1980”: không có tháng 25. Hãy ghi ngày trước, tháng sau, dạng dd/mm/yyyy."
    )


@pytest.mark.parametrize("cell", ["03/1980", "ngày 5 tháng 3", "29285", "5", 12.5, 45, 9999])
def test_other_values_where_a_date_belongs_are_refused(cell: Any) -> None:
    message = refusal(cell)
    assert str(cell) in message and "dd/mm/yyyy" in message


def test_a_date_cell_that_lost_its_format_is_read_with_a_note() -> None:
    read = as_date(29285)
    assert read == Noted(
        D(1980, 3, 5), "số 29285 là cách Excel lưu ngày 05/03/1980: đọc là 05/03/1980."
    )


def test_a_citizen_id_typed_as_a_number() -> None:
    assert as_citizen_id("087085000321") == "087085000321"
    assert as_citizen_id(87085000321) == Noted(
        "087085000321", "số CCCD 87085000321 đã mất số 0 ở đầu: đọc là 087085000321."
    )
    with pytest.raises(CellError) as caught:
        as_citizen_id(1085000321)  # province 001: two zeros lost
    assert str(caught.value) == (
        "Số CCCD “1085000321” có 10 chữ số, không phải 12: có thể Excel đã bỏ số 0 ở đầu: "
        "hãy định dạng cột là Văn bản và ghi đủ 12 chữ số."
    )
    assert as_citizen_id("0870123") == "0870123"  # too short: the record's own check says so


def test_a_phone_typed_as_a_number_keeps_its_zero() -> None:
    assert as_phone(912000701) == Noted(
        "0912000701", "số điện thoại 912000701 đã mất số 0 ở đầu: đọc là 0912000701."
    )
    landline = as_phone(2773851234)
    assert isinstance(landline, Noted) and landline.value == "02773851234"
    assert as_phone("0912 000 701") == "0912 000 701"
    assert as_phone("+84912000701") == "+84912000701"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Ấp", "hamlet"),
        ("ap", "hamlet"),
        ("Thôn", "village"),
        ("thon", "village"),
        ("Khóm", "khom"),
        ("Tổ dân phố", "street_group"),
        ("to dan pho", "street_group"),
        ("Bản", "ban"),
        ("Chi bộ ấp", "hamlet"),
        ("Doanh nghiệp nhà nước", "state_enterprise"),
        ("doanh nghiep ngoai nha nuoc", "private_enterprise"),
        ("Quân sự", "armed_forces"),
        ("quan su", "armed_forces"),
        ("Công an", "police"),
        ("Trường học", "school"),
        ("Hợp tác xã", "cooperative"),
        ("Khu dân cư: thôn", "village"),
    ],
)
def test_cell_categories_accept_the_usual_words(written: str, code: str) -> None:
    from apps.imports.columns import kinds

    assert kinds()["units"].column("category").read(written) == code


def test_a_category_that_could_be_two_is_refused() -> None:
    from apps.imports.columns import kinds

    with pytest.raises(CellError) as caught:
        kinds()["units"].column("category").read("Doanh nghiệp")
    assert str(caught.value) == (
        "“Doanh nghiệp” có thể là “Doanh nghiệp nhà nước” hoặc “Doanh nghiệp ngoài nhà nước”: "
        "hãy ghi rõ là loại nào."
    )
