"""Ids read from requests: ASCII digits that fit in 64 bits, or nothing."""

import pytest

from apps.common.ids import MAX_ID, parse_id, parse_ids


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("007", 7),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("4e3", None),
        ("", None),
        (None, None),
        (True, None),
        ("9" * 5000, None),
    ],
)
def test_an_id_is_a_positive_64_bit_integer_in_ascii_digits(raw: object, expected: int) -> None:
    assert parse_id(raw) == expected


def test_a_list_of_ids_keeps_the_good_ones_in_order_once() -> None:
    assert parse_ids(["3", "x", "1", "3", "99999999999999999999"]) == [3, 1]
