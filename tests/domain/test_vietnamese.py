import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.vietnamese import (
    fold,
    long_date,
    name_sort_key,
    normalize_name,
    place_name,
    split_name,
)


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_names_sort_by_given_name_then_middle_then_family() -> None:
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị An", "Phạm Văn Ân"]
    assert sort_names(names) == ["Lê Thị An", "Nguyễn Văn An", "Phạm Văn Ân", "Trần Văn Bình"]


def test_vietnamese_letters_sort_in_the_vietnamese_alphabet() -> None:
    # a < ă < â < b ... d < đ < e < ê ... o < ô < ơ ... u < ư < v
    given = [
        "Đức",
        "Dũng",
        "Ân",
        "Ăn",
        "An",
        "Bình",
        "Ơn",
        "Ôn",
        "On",
        "Ưng",
        "Uyên",
        "Vân",
        "Yến",
        "Em",
        "Êm",
    ]
    ordered = [split_name(n).given for n in sort_names(given)]
    assert ordered == [
        "An",
        "Ăn",
        "Ân",
        "Bình",
        "Dũng",
        "Đức",
        "Em",
        "Êm",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
        "Vân",
        "Yến",
    ]


def test_python_default_sort_gets_vietnamese_wrong_and_the_key_does_not() -> None:
    names = ["Đỗ Văn Đạt", "Đỗ Văn Yên", "Đỗ Văn Dung"]
    assert sorted(["Đạt", "Yên", "Dung"]) == ["Dung", "Yên", "Đạt"]  # code points: Đ after Y
    assert sort_names(names) == ["Đỗ Văn Dung", "Đỗ Văn Đạt", "Đỗ Văn Yên"]


def test_tones_only_break_ties_between_otherwise_equal_names() -> None:
    assert sort_names(
        ["Lê Văn Hà", "Lê Văn Ha", "Lê Văn Hạ", "Lê Văn Hả", "Lê Văn Hã", "Lê Văn Há"]
    ) == ["Lê Văn Ha", "Lê Văn Hà", "Lê Văn Hả", "Lê Văn Hã", "Lê Văn Há", "Lê Văn Hạ"]
    # a base-letter difference beats any tone difference
    assert sort_names(["Lê Văn Hạnh", "Lê Văn Hà"]) == ["Lê Văn Hà", "Lê Văn Hạnh"]


def test_a_shorter_word_sorts_before_its_extensions() -> None:
    assert sort_names(["Võ Thị Anh", "Võ Thị An"]) == ["Võ Thị An", "Võ Thị Anh"]


def test_fold_removes_every_diacritic_and_case() -> None:
    assert fold("Nguyễn Văn Á") == "nguyen van a"
    assert fold("ĐẶNG  THỊ   ƯỚC") == "dang thi uoc"


def test_decomposed_and_composed_unicode_give_the_same_keys() -> None:
    composed = "Nguyễn Thị Ánh"
    decomposed = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh"
    assert fold(composed) == fold(decomposed)
    assert name_sort_key(composed) == name_sort_key(decomposed)
    assert normalize_name(decomposed) == composed


def test_normalize_name_capitalises_each_word_and_trims_spaces() -> None:
    assert normalize_name("  NGUYỄN   văn  á ") == "Nguyễn Văn Á"


def test_split_name_takes_family_first_and_given_last() -> None:
    parts = split_name("Tôn Nữ Thị Ngọc Lan")
    assert (parts.family, parts.middle, parts.given) == ("Tôn", "Nữ Thị Ngọc", "Lan")
    assert split_name("Lan").given == "Lan"


vietnamese_word = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ",
    min_size=1,
    max_size=7,
)


@given(st.lists(vietnamese_word, min_size=2, max_size=4))
def test_sort_keys_are_ascii_so_any_byte_collation_orders_them(words: list[str]) -> None:
    key = name_sort_key(" ".join(words))
    assert key.isascii()


@given(st.lists(vietnamese_word, min_size=2, max_size=4))
def test_fold_is_idempotent_and_ascii(words: list[str]) -> None:
    folded = fold(" ".join(words))
    assert folded.isascii()
    assert fold(folded) == folded


def test_collation_key_orders_unit_names_in_reading_order() -> None:
    from domain.vietnamese import collation_key

    names = [
        "Đảng bộ xã Bình Minh",
        "Đảng bộ phường An Hòa",
        "Chi bộ Ấp 1",
        "Chi bộ Ân Thạnh",
        "Chi bộ Ấp 10",
    ]
    assert sorted(names, key=collation_key) == [
        "Chi bộ Ân Thạnh",
        "Chi bộ Ấp 1",
        "Chi bộ Ấp 10",
        "Đảng bộ phường An Hòa",
        "Đảng bộ xã Bình Minh",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (datetime.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (datetime.date(2022, 1, 9), "ngày 09 tháng 01 năm 2022"),
        (datetime.date(2022, 12, 31), "ngày 31 tháng 12 năm 2022"),
    ],
)
def test_the_date_line_of_a_party_document(day: datetime.date, expected: str) -> None:
    assert long_date(day) == expected


def test_the_place_is_the_locality_in_the_unit_name() -> None:
    assert place_name("Đảng bộ tỉnh Đồng Tháp") == "Đồng Tháp"
    assert place_name("Đảng bộ phường Cao Lãnh") == "Cao Lãnh"
    assert place_name("Đảng bộ thành phố Cao Lãnh") == "Cao Lãnh"
    assert place_name("Đảng bộ xã Mỹ Thọ") == "Mỹ Thọ"
